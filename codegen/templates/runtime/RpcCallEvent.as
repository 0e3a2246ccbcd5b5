{{ header }}
package {{ package }} {
import flash.events.Event;

/**
 * The outcome of a call, for those who prefer events to callbacks.
 */
public class RpcCallEvent extends Event {
    /** The call succeeded: see <code>result</code>. */
    public static const SUCCESS:String = "success";
    /** The call failed: see <code>failure</code>. */
    public static const FAILURE:String = "failure";

    /** The result (<code>SUCCESS</code>). */
    public var result:*;
    /** Why (<code>FAILURE</code>). */
    public var failure:RpcFailure;

    /** An event of <code>type</code>. */
    public function RpcCallEvent(type:String, result:* = null, failure:RpcFailure = null) {
        super(type);
        this.result = result;
        this.failure = failure;
    }

    /** @inheritDoc */
    override public function clone():Event {
        return new RpcCallEvent(type, result, failure);
    }
}
}
