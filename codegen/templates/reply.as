{{ header }}
package {{ package }} {
{%- for import in imports %}
import {{ import }};
{%- endfor %}

{{ doc }}public final class {{ name }} {
    private var _request:IncomingRequest;

    /** The reply to <code>request</code>. */
    public function {{ name }}(request:IncomingRequest) {
        _request = request;
    }

    /** The request, with its params as they came. */
    public function get request():IncomingRequest {
        return _request;
    }

    /** Whether the request has been answered. */
    public function get replied():Boolean {
        return _request.replied;
    }

    /**
     * Answers with the result. Throws <code>IllegalOperationError</code> if the request was
     * already answered.
     */
    public function success({{ success_params }}):void {
        _request.reply({{ success_value }});
    }

    /**
     * Answers with an error reply: the Rust caller receives {{ failure_doc }}. Throws
     * <code>IllegalOperationError</code> if the request was already answered.
     */
    public function failure(code:String, message:String):void {
        _request.fail(code, message);
    }
}
}
