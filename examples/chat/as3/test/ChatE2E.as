package {
import amfsocket.Connection;
import amfsocket.ConnectionEvent;
import amfsocket.ConnectionOptions;
import amfsocket.RpcFailure;
import chat.ChatMessage;
import chat.ClientInfo;
import chat.Member;
import chat.Presence;
import chat.RoomState;
import chat.api.ChatApiClient;
import chat.api.ChatClientApiClientInfoReply;
import chat.api.ChatClientApiDispatcher;
import chat.api.IChatClientApi;
import flash.display.Sprite;
import flash.events.TimerEvent;
import flash.system.Capabilities;
import flash.utils.Timer;
import flash.utils.getTimer;

/**
 * The end-to-end scenario of examples/tests/chat_ruffle.rs: the chat's generated stubs, in
 * Ruffle, against the real chat server, with a Rust bot already in the room.
 *
 * <p>Each step checks what this side sees, then reports it with the request
 * <code>e2e.report {step, ok, detail}</code>; the server checks its own side of the step and
 * answers with an error reply when something is wrong there. The next step starts only after
 * that answer. The first failure, on either side, ends the run: this client traces
 * <code>AMF_TEST_FAIL step NAME: why</code> (and reports it); after the last step it traces
 * <code>AMF_TEST_DONE</code>.</p>
 *
 * <p>Flashvars: <code>host</code> (default 127.0.0.1), <code>port</code>, <code>name</code>,
 * <code>room</code>, <code>line</code> (what to say), <code>bot</code> and <code>botLine</code>
 * (the Rust member already in the room, and what it said).</p>
 */
public class ChatE2E extends Sprite implements IChatClientApi {
    /** How long one step may take, its report included. */
    private static const STEP_TIMEOUT_MS:int = 10000;

    private var _name:String;
    private var _room:String;
    private var _line:String;
    private var _bot:String;
    private var _botLine:String;
    private var _connection:Connection;
    private var _chat:ChatApiClient;
    private var _ticker:Timer;

    private var _step:String = null;
    private var _stepStartedAt:int = 0;
    private var _over:Boolean = false;
    /** What the current step waits for: a description, a condition and what then. */
    private var _awaited:String = null;
    private var _condition:Function = null;
    private var _then:Function = null;

    /** What the server did to this client, as the dispatcher and the connection saw it. */
    private var _infoReply:ChatClientApiClientInfoReply = null;
    private var _posted:Array = [];
    private var _ping:Object = null;
    private var _said:ChatMessage = null;

    public function ChatE2E() {
        var params:Object = loaderInfo.parameters;
        _name = params.name;
        _room = params.room;
        _line = params.line;
        _bot = params.bot;
        _botLine = params.botLine;
        var options:ConnectionOptions = new ConnectionOptions();
        // A lost connection fails the step that was running.
        options.autoReconnect = false;
        // No pings of our own after the handshake: the server's Peer::latency can then only
        // come from its heartbeat pings, answered by the runtime.
        options.pingIntervalMs = 0;
        _connection = new Connection(params.host ? params.host : "127.0.0.1", int(params.port), options);
        _connection.addHandler(new ChatClientApiDispatcher(this));
        _connection.addEventListener(ConnectionEvent.OPEN, onOpen);
        _connection.addEventListener(ConnectionEvent.CLOSE, function(e:ConnectionEvent):void {
            fail("the connection closed (" + e.reason + "): " + e.detail);
        });
        _connection.addEventListener(ConnectionEvent.PROTOCOL_ERROR, function(e:ConnectionEvent):void {
            fail("protocol error " + e.reason + ": " + e.detail);
        });
        _connection.addEventListener(ConnectionEvent.PING, function(e:ConnectionEvent):void {
            _ping = e.params;
        });
        _chat = new ChatApiClient(_connection);
        _ticker = new Timer(50);
        _ticker.addEventListener(TimerEvent.TIMER, onTick);
        _ticker.start();
        begin("open");
        _connection.connect();
    }

    // ---- the steps ---------------------------------------------------------------------------

    /** The connection opens: the server answered over the WebSocket Ruffle opened. */
    private function onOpen(event:ConnectionEvent):void {
        if (check(_connection.isOpen, "OPEN came but the connection is " + _connection.state)) {
            pass(_connection.state, stepClientInfo);
        }
    }

    /** A request from the server, answered by this client with a typed ClientInfo. */
    private function stepClientInfo():void {
        begin("clientInfo");
        waitFor("the server's request chatClient.clientInfo", function():Boolean {
            return _infoReply != null;
        }, function():void {
            if (check(_infoReply.replied, "chatClient.clientInfo was not answered") &&
                check(_infoReply.request.command == "chatClient.clientInfo", "command " + _infoReply.request.command)) {
                pass(_name, stepBadName);
            }
        });
    }

    /** An error reply: a join under an empty name fails with the code bad_name and a reason. */
    private function stepBadName():void {
        begin("badName");
        _chat.join(_room, "").onSuccess(function(state:RoomState):void {
            fail("a join under an empty name succeeded");
        }).onFailure(function(f:RpcFailure):void {
            if (check(f.reason == RpcFailure.REMOTE_ERROR, "not an error reply: " + f) &&
                check(f.code == "bad_name", "error code `" + f.code + "` instead of bad_name") &&
                check(f.message.indexOf("is not a usable name") >= 0, "error reason `" + f.message + "`")) {
                pass(f.code, stepJoin);
            }
        });
    }

    /** A typed request and reply: RoomState with Members (and their Presence) and a ChatMessage. */
    private function stepJoin():void {
        begin("join");
        _chat.join(_room, _name).onSuccess(function(state:RoomState):void {
            if (!check(state is RoomState && state.room == _room, "the room is `" + state.room + "`") ||
                !check(state.members.length == 2, state.members.length + " members instead of 2")) {
                return;
            }
            var bot:Member = state.members[0] as Member;
            var me:Member = state.members[1] as Member;
            var history:Array = state.history;
            var said:ChatMessage = history.length == 1 ? history[0] as ChatMessage : null;
            if (check(bot != null && me != null, "the members are not Member objects (alias lost)") &&
                check(bot.name == _bot && bot.presence == Presence.ONLINE, "member 0: " + describe(bot)) &&
                check(me.name == _name && me.presence == Presence.ONLINE, "member 1: " + describe(me)) &&
                check(me.joinedAt is Date && Math.abs(me.joinedAt.getTime() - new Date().getTime()) < 60000,
                    "joinedAt " + me.joinedAt) &&
                check(said != null, history.length + " messages of history, or not a ChatMessage") &&
                check(said.id == 1 && said.from == _bot && said.text == _botLine && said.room == _room,
                    "the history: " + text(said)) &&
                check(said.sentAt is Date, "sentAt " + said.sentAt)) {
                pass(bot.name + "," + me.name, stepSay);
            }
        }).onFailure(function(f:RpcFailure):void {
            fail("join failed: " + f);
        });
    }

    /** The reply to say is the ChatMessage as said. */
    private function stepSay():void {
        begin("say");
        _chat.say(_room, _line).onSuccess(function(message:ChatMessage):void {
            if (check(message is ChatMessage, "the reply is not a ChatMessage") &&
                check(message.text == _line, "the reply's text is `" + message.text + "`, not `" + _line + "`") &&
                check(message.from == _name && message.room == _room && message.id == 2, "the reply: " + text(message))) {
                _said = message;
                pass(message.id, stepMessagePosted);
            }
        }).onFailure(function(f:RpcFailure):void {
            fail("say failed: " + f);
        });
    }

    /**
     * A message from the server: the line said comes back as chatClient.messagePosted, a
     * ChatMessage, which goes back to the server in the report so that it checks its alias.
     */
    private function stepMessagePosted():void {
        begin("messagePosted");
        waitFor("chatClient.messagePosted of message " + _said.id, function():Boolean {
            return posted(_said.id) != null;
        }, function():void {
            var message:ChatMessage = posted(_said.id);
            if (check(message.text == _line && message.from == _name, "the message posted: " + text(message)) &&
                check(message.sentAt.getTime() == _said.sentAt.getTime(), "sentAt " + message.sentAt)) {
                pass(message, stepPresence);
            }
        });
    }

    /** A message to the server: setPresence (the server checks that the room sees it). */
    private function stepPresence():void {
        begin("presence");
        if (check(_chat.setPresence(Presence.AWAY), "chat.setPresence could not be sent")) {
            pass(Presence.AWAY, stepHistory);
        }
    }

    /** A typed Array of ChatMessage. */
    private function stepHistory():void {
        begin("history");
        _chat.history(_room, 10).onSuccess(function(messages:Array):void {
            var first:ChatMessage = messages.length == 2 ? messages[0] as ChatMessage : null;
            var last:ChatMessage = messages.length == 2 ? messages[1] as ChatMessage : null;
            if (check(first != null && last != null, messages.length + " messages, or not ChatMessage objects") &&
                check(first.from == _bot && last.id == _said.id && last.text == _line,
                    "the history: " + text(first) + "; " + text(last))) {
                pass(messages.length, stepPing);
            }
        }).onFailure(function(f:RpcFailure):void {
            fail("history failed: " + f);
        });
    }

    /** The server's heartbeat ping, answered by the runtime (the server checks its latency). */
    private function stepPing():void {
        begin("ping");
        waitFor("the server's heartbeat ping", function():Boolean {
            return _ping != null;
        }, function():void {
            var time:Number = Number(_ping.time);
            if (check(Math.abs(time * 1000 - new Date().getTime()) < 60000, "the ping's time " + _ping.time)) {
                pass(time, stepLeave);
            }
        });
    }

    /** Leaving succeeds once; leaving again is the error not_in_room. */
    private function stepLeave():void {
        begin("leave");
        _chat.leave(_room).onSuccess(function():void {
            _chat.leave(_room).onSuccess(function():void {
                fail("leaving twice succeeded");
            }).onFailure(function(f:RpcFailure):void {
                if (check(f.reason == RpcFailure.REMOTE_ERROR && f.code == "not_in_room", "leaving twice: " + f)) {
                    pass(f.code, stepDone);
                }
            });
        }).onFailure(function(f:RpcFailure):void {
            fail("leave failed: " + f);
        });
    }

    private function stepDone():void {
        begin("done");
        pass(null, function():void {
            finish();
            trace("AMF_TEST_DONE");
        });
    }

    // ---- what the server calls ---------------------------------------------------------------

    public function messagePosted(message:ChatMessage):void {
        _posted.push(message);
    }

    public function memberJoined(room:String, member:Member):void {
        trace("memberJoined " + room + " " + describe(member));
    }

    public function memberChanged(room:String, member:Member, left:Boolean):void {
        trace("memberChanged " + room + " " + describe(member) + (left ? " left" : ""));
    }

    public function clientInfo(reply:ChatClientApiClientInfoReply):void {
        var info:ClientInfo = new ClientInfo();
        info.name = _name;
        info.runtime = "ActionScript 3 on " + Capabilities.playerType + " " + Capabilities.version;
        reply.success(info);
        _infoReply = reply;
    }

    // ---- steps, checks and reports -----------------------------------------------------------

    private function begin(step:String):void {
        _step = step;
        _stepStartedAt = getTimer();
        _condition = null;
        trace("step " + step);
    }

    /** Runs <code>then</code> once <code>condition()</code> holds (polled every 50 ms). */
    private function waitFor(awaited:String, condition:Function, then:Function):void {
        _awaited = awaited;
        _condition = condition;
        _then = then;
        onTick(null);
    }

    private function onTick(event:TimerEvent):void {
        if (_over) {
            return;
        }
        if (_condition != null && _condition()) {
            var then:Function = _then;
            _condition = null;
            then();
        } else if (getTimer() - _stepStartedAt > STEP_TIMEOUT_MS) {
            fail(_condition != null ? "waited " + STEP_TIMEOUT_MS + " ms for " + _awaited
                : "not over within " + STEP_TIMEOUT_MS + " ms");
        }
    }

    /** Whether <code>ok</code>; if not, the step fails with <code>what</code>. */
    private function check(ok:Boolean, what:String):Boolean {
        if (!ok) {
            fail(what);
        }
        return ok;
    }

    /** This side of the step passed: report it; the next step starts once the server agrees. */
    private function pass(detail:*, next:Function):void {
        if (_over) {
            return;
        }
        var step:String = _step;
        _connection.request("e2e.report", {step: step, ok: true, detail: detail}).onSuccess(function():void {
            if (!_over) {
                next();
            }
        }).onFailure(function(f:RpcFailure):void {
            if (f.reason == RpcFailure.REMOTE_ERROR) {
                finish();
                trace("AMF_TEST_FAIL step " + step + ": the server: " + f.message);
            } else {
                fail("the report was not answered: " + f);
            }
        });
    }

    /** The step fails on this side: trace it and report it. */
    private function fail(why:String):void {
        if (_over) {
            return;
        }
        finish();
        trace("AMF_TEST_FAIL step " + _step + ": " + why);
        _connection.request("e2e.report", {step: _step, ok: false, detail: why});
    }

    private function finish():void {
        _over = true;
        _condition = null;
        _ticker.stop();
    }

    private function posted(id:uint):ChatMessage {
        for (var i:int = 0; i < _posted.length; i++) {
            if (ChatMessage(_posted[i]).id == id) {
                return _posted[i];
            }
        }
        return null;
    }

    private static function describe(member:Member):String {
        return member == null ? "null" : member.name + " (" + member.presence + ")";
    }

    private static function text(message:ChatMessage):String {
        return message == null ? "null" : "#" + message.id + " in " + message.room + " <" + message.from + "> " +
            message.text;
    }
}
}
