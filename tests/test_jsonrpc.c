/*
 * test_jsonrpc.c - src/jsonrpc.c: frames split across reads, several in one
 * read, and every way a frame can be wrong, each followed by a good frame
 * that must still be read.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asyncfix/jsonrpc.h"

#define MSG1 "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"}"
#define MSG2 "{\"jsonrpc\":\"2.0\",\"method\":\"b\",\"params\":{\"x\":[1,2]}}"

static void feed_frame(struct af_rpc_reader *r, const char *body, long delta)
{
    char head[64];
    snprintf(head, sizeof(head), "Content-Length: %ld\r\n\r\n", (long)strlen(body) + delta);
    af_rpc_reader_feed(r, head, strlen(head));
    af_rpc_reader_feed(r, body, strlen(body));
}

/* the next message must be a method call named `method` */
static void expect_method(struct af_rpc_reader *r, const char *method, bool starved)
{
    json_t *m;
    bool lossy;
    struct af_buf problem = AF_BUF_INIT;
    assert_int_equal(af_rpc_reader_next(&m, &lossy, &problem, r, starved), AF_RPC_MESSAGE);
    assert_false(lossy);
    assert_string_equal(json_string_value(json_object_get(m, "method")), method);
    json_decref(m);
    af_buf_dispose(&problem);
}

static void expect(struct af_rpc_reader *r, enum af_rpc_next want, bool starved)
{
    json_t *m;
    bool lossy;
    struct af_buf problem = AF_BUF_INIT;
    assert_int_equal(af_rpc_reader_next(&m, &lossy, &problem, r, starved), want);
    if (want == AF_RPC_BAD)
        assert_true(problem.size > 0);
    json_decref(m);
    af_buf_dispose(&problem);
}

static void test_jsonrpc__frame_fed_one_byte_at_a_time(void **state)
{
    (void)state;
    struct af_rpc_reader r = AF_RPC_READER_INIT;
    char frame[256];
    snprintf(frame, sizeof(frame), "Content-Length: %zu\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n%s",
             strlen(MSG1), MSG1);
    size_t n = strlen(frame);
    for (size_t i = 0; i + 1 < n; i++) {
        af_rpc_reader_feed(&r, frame + i, 1);
        expect(&r, AF_RPC_WAIT, true);
    }
    af_rpc_reader_feed(&r, frame + n - 1, 1);
    expect_method(&r, "a", false);
    expect(&r, AF_RPC_WAIT, true);
    af_rpc_reader_dispose(&r);
}

static void test_jsonrpc__several_frames_in_one_read(void **state)
{
    (void)state;
    struct af_rpc_reader r = AF_RPC_READER_INIT;
    feed_frame(&r, MSG1, 0);
    /* header names are case-insensitive */
    char head[64];
    snprintf(head, sizeof(head), "content-length: %zu\r\n\r\n", strlen(MSG2));
    af_rpc_reader_feed(&r, head, strlen(head));
    af_rpc_reader_feed(&r, MSG2, strlen(MSG2));
    expect_method(&r, "a", false);
    expect_method(&r, "b", false);
    expect(&r, AF_RPC_WAIT, false);
    af_rpc_reader_dispose(&r);
}

static void test_jsonrpc__content_length_too_small_then_next_frame(void **state)
{
    (void)state;
    struct af_rpc_reader r = AF_RPC_READER_INIT;
    feed_frame(&r, MSG1, -5);
    feed_frame(&r, MSG2, 0);
    expect(&r, AF_RPC_BAD, false);       /* the cut body is not JSON */
    expect(&r, AF_RPC_BAD, false);       /* its last bytes before the next header */
    expect_method(&r, "b", false);
    expect(&r, AF_RPC_WAIT, true);
    af_rpc_reader_dispose(&r);
}

static void test_jsonrpc__content_length_too_large_then_next_frame(void **state)
{
    (void)state;
    struct af_rpc_reader r = AF_RPC_READER_INIT;
    feed_frame(&r, MSG1, 7);
    feed_frame(&r, MSG2, 0);
    expect_method(&r, "a", false);
    expect_method(&r, "b", false);
    expect(&r, AF_RPC_WAIT, true);
    af_rpc_reader_dispose(&r);
}

static void test_jsonrpc__content_length_too_large_and_nothing_follows(void **state)
{
    (void)state;
    struct af_rpc_reader r = AF_RPC_READER_INIT;
    feed_frame(&r, MSG1, 40);
    expect(&r, AF_RPC_WAIT, false);
    /* the client waits for an answer: a whole value is taken */
    expect_method(&r, "a", true);
    af_rpc_reader_dispose(&r);
}

static void test_jsonrpc__body_cut_short_waits_for_the_rest(void **state)
{
    (void)state;
    struct af_rpc_reader r = AF_RPC_READER_INIT;
    char head[64];
    snprintf(head, sizeof(head), "Content-Length: %zu\r\n\r\n", strlen(MSG2));
    af_rpc_reader_feed(&r, head, strlen(head));
    const char *msg = MSG2;
    af_rpc_reader_feed(&r, msg, 20);
    expect(&r, AF_RPC_WAIT, true);
    af_rpc_reader_feed(&r, msg + 20, strlen(msg) - 20);
    expect_method(&r, "b", true);
    af_rpc_reader_dispose(&r);
}

static void test_jsonrpc__junk_and_bad_headers_are_skipped(void **state)
{
    (void)state;
    struct af_rpc_reader r = AF_RPC_READER_INIT;
    af_rpc_reader_feed(&r, "hello there", 11);
    feed_frame(&r, MSG1, 0);
    expect(&r, AF_RPC_BAD, false);
    expect_method(&r, "a", false);
    /* no Content-Length at all */
    af_rpc_reader_feed(&r, "Content-Type: x\r\n\r\n{}", 21);
    feed_frame(&r, MSG2, 0);
    expect(&r, AF_RPC_BAD, false);       /* the header */
    expect(&r, AF_RPC_BAD, false);       /* the body it had no length for */
    expect_method(&r, "b", false);
    /* a length that is not a number, then one far too large */
    af_rpc_reader_feed(&r, "Content-Length: 12x\r\n\r\n", 23);
    af_rpc_reader_feed(&r, "Content-Length: 99999999999\r\n\r\n", 31);
    feed_frame(&r, MSG1, 0);
    expect(&r, AF_RPC_BAD, false);
    expect(&r, AF_RPC_BAD, false);
    expect_method(&r, "a", false);
    /* junk with nothing after it is reported once no more bytes come */
    af_rpc_reader_feed(&r, "}}garbage", 9);
    expect(&r, AF_RPC_WAIT, false);
    expect(&r, AF_RPC_BAD, true);
    expect(&r, AF_RPC_WAIT, true);
    af_rpc_reader_dispose(&r);
}

static void test_jsonrpc__body_not_json(void **state)
{
    (void)state;
    struct af_rpc_reader r = AF_RPC_READER_INIT;
    feed_frame(&r, "{\"jsonrpc\": 2.0, oops}", 0);
    feed_frame(&r, MSG1, 0);
    expect(&r, AF_RPC_BAD, false);
    expect_method(&r, "a", false);
    af_rpc_reader_dispose(&r);
}

static void test_jsonrpc__invalid_utf8_read_as_replacement_characters(void **state)
{
    (void)state;
    struct af_rpc_reader r = AF_RPC_READER_INIT;
    feed_frame(&r, "{\"method\":\"m\",\"params\":{\"text\":\"a\xff" "b\xc3\"}}", 0);
    json_t *m;
    bool lossy;
    struct af_buf problem = AF_BUF_INIT;
    assert_int_equal(af_rpc_reader_next(&m, &lossy, &problem, &r, false), AF_RPC_MESSAGE);
    assert_true(lossy);
    const char *text = json_string_value(json_object_get(json_object_get(m, "params"), "text"));
    assert_string_equal(text, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD");
    json_decref(m);
    af_buf_dispose(&problem);
    af_rpc_reader_dispose(&r);
}

static void test_jsonrpc__nul_in_a_string_is_kept(void **state)
{
    (void)state;
    struct af_rpc_reader r = AF_RPC_READER_INIT;
    feed_frame(&r, "{\"method\":\"m\",\"params\":\"a\\u0000b\"}", 0);
    json_t *m;
    bool lossy;
    struct af_buf problem = AF_BUF_INIT;
    assert_int_equal(af_rpc_reader_next(&m, &lossy, &problem, &r, false), AF_RPC_MESSAGE);
    assert_int_equal(json_string_length(json_object_get(m, "params")), 3);
    json_decref(m);
    af_buf_dispose(&problem);
    af_rpc_reader_dispose(&r);
}

static void test_jsonrpc__builders(void **state)
{
    (void)state;
    json_t *id = json_integer(7);
    json_t *e = af_rpc_error(id, AF_RPC_METHOD_NOT_FOUND, "no method %s", "x/y");
    char *s = json_dumps(e, JSON_COMPACT);
    assert_string_equal(s, "{\"jsonrpc\":\"2.0\",\"id\":7,\"error\":{\"code\":-32601,\"message\":\"no method x/y\"}}");
    free(s);
    json_decref(e);
    e = af_rpc_error(NULL, AF_RPC_PARSE_ERROR, "bad \xff");
    s = json_dumps(e, JSON_COMPACT);
    assert_non_null(strstr(s, "\"id\":null"));
    free(s);
    json_decref(e);
    json_t *res = af_rpc_result(id, NULL);
    s = json_dumps(res, JSON_COMPACT);
    assert_string_equal(s, "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":null}");
    free(s);
    json_decref(res);
    json_decref(id);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_jsonrpc__frame_fed_one_byte_at_a_time),
        cmocka_unit_test(test_jsonrpc__several_frames_in_one_read),
        cmocka_unit_test(test_jsonrpc__content_length_too_small_then_next_frame),
        cmocka_unit_test(test_jsonrpc__content_length_too_large_then_next_frame),
        cmocka_unit_test(test_jsonrpc__content_length_too_large_and_nothing_follows),
        cmocka_unit_test(test_jsonrpc__body_cut_short_waits_for_the_rest),
        cmocka_unit_test(test_jsonrpc__junk_and_bad_headers_are_skipped),
        cmocka_unit_test(test_jsonrpc__body_not_json),
        cmocka_unit_test(test_jsonrpc__invalid_utf8_read_as_replacement_characters),
        cmocka_unit_test(test_jsonrpc__nul_in_a_string_is_kept),
        cmocka_unit_test(test_jsonrpc__builders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
