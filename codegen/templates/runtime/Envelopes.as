{{ header }}
package {{ package }} {

/**
 * The three envelopes of AMF Socket, built and checked as the original client does.
 *
 * <pre>
 * {type: "rpcRequest",  request:  {messageId: String, command: String, params: Object}}
 * {type: "rpcResponse", response: {messageId: String, result: any [, error: {code, message}]}}
 * {type: "rpcMessage",  message:  {messageId: String, command: String, params: Object}}
 * </pre>
 */
public final class Envelopes {
    /** The <code>type</code> of a request. */
    public static const REQUEST:String = "rpcRequest";
    /** The <code>type</code> of a response. */
    public static const RESPONSE:String = "rpcResponse";
    /** The <code>type</code> of a message. */
    public static const MESSAGE:String = "rpcMessage";

    /** A request envelope; <code>null</code> params are sent as <code>{}</code>. */
    public static function request(messageId:String, command:String, params:Object):Object {
        return {type: REQUEST, request: {messageId: messageId, command: command, params: orEmpty(params)}};
    }

    /** A message envelope; <code>null</code> params are sent as <code>{}</code>. */
    public static function message(messageId:String, command:String, params:Object):Object {
        return {type: MESSAGE, message: {messageId: messageId, command: command, params: orEmpty(params)}};
    }

    /** A response with <code>result</code> (which may be null). */
    public static function response(messageId:String, result:*):Object {
        return {type: RESPONSE, response: {messageId: messageId, result: result}};
    }

    /** An error response: <code>result: null</code> plus <code>error: {code, message}</code>. */
    public static function errorResponse(messageId:String, code:String, message:String):Object {
        return {type: RESPONSE, response: {messageId: messageId, result: null,
            error: {code: code, message: message}}};
    }

    /**
     * The <code>type</code> of a valid envelope, or <code>null</code>: <code>messageId</code>
     * and <code>command</code> must be Strings, <code>params</code> an object (not null), and
     * a response must have the member <code>result</code>, even if null.
     */
    public static function kindOf(data:*):String {
        if (!isObject(data)) {
            return null;
        }
        var type:String = data.type as String;
        var body:Object;
        if (type == RESPONSE) {
            body = data.response;
            if (!isObject(body) || !(body.messageId is String) || !body.hasOwnProperty("result")) {
                return null;
            }
            return type;
        }
        if (type == REQUEST) {
            body = data.request;
        } else if (type == MESSAGE) {
            body = data.message;
        } else {
            return null;
        }
        if (!isObject(body) || !(body.messageId is String) || !(body.command is String) ||
            !isObject(body.params)) {
            return null;
        }
        return type;
    }

    private static function isObject(value:*):Boolean {
        return value != null && typeof value == "object";
    }

    private static function orEmpty(params:Object):Object {
        return params != null ? params : {};
    }
}
}
