/*
 * jsonrpc.h - JSON-RPC 2.0 messages over a byte stream, framed as the
 * Language Server Protocol's base protocol frames them:
 *
 *     Content-Length: 52\r\n
 *     \r\n
 *     {"jsonrpc":"2.0","id":1,"method":"shutdown"}
 *
 * JSON is parsed and built with jansson. The reader is fed whatever bytes
 * arrive (a message split across reads, several messages in one read) and
 * hands out whole messages. It never gives up on a stream: bytes that are
 * not a frame, a missing or wrong Content-Length and a body that is not JSON
 * are each reported once (the caller answers with a ParseError) and the
 * reader goes on at the next header.
 */
#ifndef ASYNCFIX_JSONRPC_H
#define ASYNCFIX_JSONRPC_H

#include <jansson.h>

#include "asyncfix/common.h"

/* error codes of JSON-RPC and of the Language Server Protocol */
enum af_rpc_code {
    AF_RPC_PARSE_ERROR = -32700,
    AF_RPC_INVALID_REQUEST = -32600,
    AF_RPC_METHOD_NOT_FOUND = -32601,
    AF_RPC_INVALID_PARAMS = -32602,
    AF_RPC_INTERNAL_ERROR = -32603,
    AF_RPC_SERVER_NOT_INITIALIZED = -32002,
    AF_RPC_REQUEST_FAILED = -32803,
    AF_RPC_REQUEST_CANCELLED = -32800,
};

/* a body larger than this is refused (its bytes are skipped) */
#define AF_RPC_MAX_BODY (256u << 20)

struct af_rpc_reader {
    struct af_buf in;     /* bytes received and not yet consumed */
    size_t pos;           /* start of the unconsumed bytes in `in` */
};

#define AF_RPC_READER_INIT { AF_BUF_INIT, 0 }

void af_rpc_reader_feed(struct af_rpc_reader *r, const char *data, size_t len);
void af_rpc_reader_dispose(struct af_rpc_reader *r);

enum af_rpc_next {
    AF_RPC_WAIT,          /* no whole message yet: feed more bytes */
    AF_RPC_MESSAGE,       /* *out holds a message (owned by the caller) */
    AF_RPC_BAD,           /* bytes were skipped: `problem` says why (a ParseError) */
};

/*
 * Takes the next message. `starved` says that no more bytes are available
 * for now: a body shorter than its Content-Length is then taken when it
 * already holds a whole JSON value (a Content-Length that is too large must
 * not leave the client waiting for an answer forever).
 *
 * A body that is not valid UTF-8 is decoded with each bad byte read as
 * U+FFFD and *lossy is set, so that the caller can tell the client that the
 * document it sent is not UTF-8 instead of dropping the message.
 */
enum af_rpc_next af_rpc_reader_next(json_t **out, bool *lossy, struct af_buf *problem,
                                    struct af_rpc_reader *r, bool starved);

/*
 * Writes `msg` framed to `fd` (looping over partial writes, EINTR retried).
 * 0, or negative when the peer is gone (EPIPE) or the write failed.
 */
int af_rpc_write(int fd, const json_t *msg);

/* a JSON string of `s`; bytes that are not UTF-8 become U+FFFD (never NULL) */
json_t *af_rpc_string(const char *s);

/* {"jsonrpc":"2.0","id":id,"result":result}; steals `result` (NULL: null) */
json_t *af_rpc_result(json_t *id, json_t *result);

/* {"jsonrpc":"2.0","id":id,"error":{"code":code,"message":...}}; id NULL: null */
json_t *af_rpc_error(json_t *id, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* {"jsonrpc":"2.0","method":method,"params":params}; steals `params` */
json_t *af_rpc_notification(const char *method, json_t *params);

/* {"jsonrpc":"2.0","id":id,"method":method,"params":params}; steals `params` */
json_t *af_rpc_request(json_int_t id, const char *method, json_t *params);

#endif
