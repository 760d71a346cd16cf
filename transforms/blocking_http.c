/*
 * blocking_http.c - placeholder: this family's rules are not written yet.
 */
#include "asyncfix/rule.h"
