// Created by amf-codegen, and yours from now on: it is never overwritten.
package chat {

/**
 * Someone in a room.
 *
 * <p>The ActionScript twin of the Rust struct <code>Member</code>, which travels as an object of
 * class alias <code>chat.Member</code>.</p>
 *
 * <p>Yours to extend: this file was created once and is never overwritten. The members that travel
 * are declared in <code>MemberBase</code>, which is regenerated; the <code>[RemoteClass]</code>
 * alias and <code>dynamic</code> are checked on every run.</p>
 */
[RemoteClass(alias="chat.Member")]
public class Member extends MemberBase {
}
}
