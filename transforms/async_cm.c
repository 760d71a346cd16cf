/*
 * async_cm.c - placeholder: this family's rules are not written yet.
 */
#include "asyncfix/rule.h"
