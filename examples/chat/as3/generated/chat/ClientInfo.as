// Created by amf-codegen, and yours from now on: it is never overwritten.
package chat {

/**
 * What a client says about itself when the server asks.
 *
 * <p>The ActionScript twin of the Rust struct <code>ClientInfo</code>, which travels as an object
 * of class alias <code>chat.ClientInfo</code>.</p>
 *
 * <p>Yours to extend: this file was created once and is never overwritten. The members that travel
 * are declared in <code>ClientInfoBase</code>, which is regenerated; the
 * <code>[RemoteClass]</code> alias and <code>dynamic</code> are checked on every run.</p>
 */
[RemoteClass(alias="chat.ClientInfo")]
public class ClientInfo extends ClientInfoBase {
}
}
