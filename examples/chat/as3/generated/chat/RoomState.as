// Created by amf-codegen, and yours from now on: it is never overwritten.
package chat {

/**
 * A room as a newcomer sees it.
 *
 * <p>The ActionScript twin of the Rust struct <code>RoomState</code>, which travels as an object
 * of class alias <code>chat.RoomState</code>.</p>
 *
 * <p>Yours to extend: this file was created once and is never overwritten. The members that travel
 * are declared in <code>RoomStateBase</code>, which is regenerated; the <code>[RemoteClass]</code>
 * alias and <code>dynamic</code> are checked on every run.</p>
 */
[RemoteClass(alias="chat.RoomState")]
public class RoomState extends RoomStateBase {
}
}
