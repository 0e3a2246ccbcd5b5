package {
import amfsocket.Connection;
import amfsocket.ConnectionEvent;
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
import flash.display.StageAlign;
import flash.display.StageScaleMode;
import flash.events.Event;
import flash.events.KeyboardEvent;
import flash.system.Capabilities;
import flash.text.TextField;
import flash.text.TextFieldType;
import flash.text.TextFormat;
import flash.ui.Keyboard;

/**
 * A small chat client on the stubs that amf-codegen generates from examples/chat/protocol.rs:
 * <code>ChatApiClient</code> calls the server, this class implements <code>IChatClientApi</code>
 * for what the server pushes and asks, and <code>Connection</code> (the generated runtime)
 * carries both, reconnecting when the connection is lost.
 *
 * <p>A log above, an input line below: Enter says the line in the room. <code>/away</code> and
 * <code>/back</code> set your presence, <code>/history</code> shows the latest messages.</p>
 *
 * <p>Flashvars: <code>host</code> (default 127.0.0.1), <code>port</code> (9000),
 * <code>name</code> (a random <code>flashNNNN</code>), <code>room</code> (lobby).</p>
 */
public class ChatClient extends Sprite implements IChatClientApi {
    private var _name:String;
    private var _room:String;
    private var _connection:Connection;
    private var _chat:ChatApiClient;
    private var _log:TextField;
    private var _input:TextField;

    public function ChatClient() {
        var params:Object = loaderInfo.parameters;
        var host:String = flashvar(params, "host", "127.0.0.1");
        var port:int = int(flashvar(params, "port", "9000"));
        _name = flashvar(params, "name", "flash" + (1000 + int(Math.random() * 9000)));
        _room = flashvar(params, "room", "lobby");
        buildUi();

        _connection = new Connection(host, port);
        _connection.addHandler(new ChatClientApiDispatcher(this));
        _connection.addEventListener(ConnectionEvent.OPEN, onOpen);
        _connection.addEventListener(ConnectionEvent.CLOSE, onClose);
        _connection.addEventListener(ConnectionEvent.PROTOCOL_ERROR, onProtocolError);
        _chat = new ChatApiClient(_connection);
        show("connecting to " + host + ":" + port + " as " + _name + "...");
        _connection.connect();
    }

    // ---- the connection ------------------------------------------------------------------------

    /** Open (again): join the room; the server forgets us when a connection ends. */
    private function onOpen(event:ConnectionEvent):void {
        _chat.join(_room, _name).onSuccess(function(state:RoomState):void {
            var members:Array = [];
            for each (var member:Member in state.members) {
                members.push(member.name + (member.presence == Presence.AWAY ? " (away)" : ""));
            }
            show("joined " + state.room + " as " + _name + "; here: " + members.join(", "));
            for each (var message:ChatMessage in state.history) {
                messagePosted(message);
            }
        }).onFailure(function(failure:RpcFailure):void {
            if (failure.code == "name_taken") {
                _name += "_";
                show(failure.message + "; trying " + _name);
                onOpen(event);
            } else {
                show("cannot join " + _room + ": " + failure.message);
            }
        });
    }

    private function onClose(event:ConnectionEvent):void {
        show("disconnected (" + event.reason + ")" +
            (event.willReconnect ? "; reconnecting in " + event.reconnectDelayMs + " ms" : ""));
    }

    private function onProtocolError(event:ConnectionEvent):void {
        show("protocol error " + event.reason + ": " + event.detail);
    }

    // ---- what the server pushes and asks (IChatClientApi) --------------------------------------

    public function messagePosted(message:ChatMessage):void {
        show(clock(message.sentAt) + " <" + message.from + "> " + message.text);
    }

    public function memberJoined(room:String, member:Member):void {
        show("* " + member.name + " joined " + room);
    }

    public function memberChanged(room:String, member:Member, left:Boolean):void {
        if (left) {
            show("* " + member.name + " left " + room);
        } else {
            show("* " + member.name + (member.presence == Presence.AWAY ? " is away" : " is back"));
        }
    }

    public function clientInfo(reply:ChatClientApiClientInfoReply):void {
        var info:ClientInfo = new ClientInfo();
        info.name = _name;
        info.runtime = "ActionScript 3 on " + Capabilities.playerType + " " + Capabilities.version;
        reply.success(info);
    }

    // ---- what the user types ---------------------------------------------------------------------

    private function onKeyDown(event:KeyboardEvent):void {
        if (event.keyCode != Keyboard.ENTER) {
            return;
        }
        var line:String = _input.text.replace(/^\s+|\s+$/g, "");
        _input.text = "";
        if (line == "/away" || line == "/back") {
            _chat.setPresence(line == "/away" ? Presence.AWAY : Presence.ONLINE);
        } else if (line == "/history") {
            _chat.history(_room, 10).onSuccess(function(messages:Array):void {
                show("-- the last " + messages.length + " messages of " + _room);
                for each (var message:ChatMessage in messages) {
                    messagePosted(message);
                }
            });
        } else if (line.length > 0) {
            // The server posts the line to the whole room, us included: messagePosted shows it.
            _chat.say(_room, line).onFailure(function(failure:RpcFailure):void {
                show("not said: " + failure.message);
            });
        }
    }

    // ---- the text UI ---------------------------------------------------------------------------

    private function buildUi():void {
        var format:TextFormat = new TextFormat("_typewriter", 13);
        _log = new TextField();
        _log.defaultTextFormat = format;
        _log.multiline = true;
        _log.wordWrap = true;
        _log.border = true;
        addChild(_log);
        _input = new TextField();
        _input.defaultTextFormat = format;
        _input.type = TextFieldType.INPUT;
        _input.border = true;
        _input.addEventListener(KeyboardEvent.KEY_DOWN, onKeyDown);
        addChild(_input);
        if (stage != null) {
            stage.scaleMode = StageScaleMode.NO_SCALE;
            stage.align = StageAlign.TOP_LEFT;
            stage.addEventListener(Event.RESIZE, layout);
            stage.focus = _input;
        }
        layout(null);
    }

    private function layout(event:Event):void {
        var width:Number = stage != null ? stage.stageWidth : 640;
        var height:Number = stage != null ? stage.stageHeight : 480;
        _log.x = _input.x = 8;
        _log.y = 8;
        _log.width = _input.width = width - 16;
        _log.height = height - 52;
        _input.y = height - 36;
        _input.height = 24;
    }

    /** A line in the log (and in the trace output). */
    private function show(line:String):void {
        _log.appendText(line + "\n");
        _log.scrollV = _log.maxScrollV;
        trace(line);
    }

    private static function flashvar(params:Object, key:String, otherwise:String):String {
        var value:String = params[key];
        return value != null && value.length > 0 ? value : otherwise;
    }

    /** hh:mm of <code>date</code>, local time. */
    private static function clock(date:Date):String {
        var hours:String = String(date.getHours());
        var minutes:String = String(date.getMinutes());
        return (hours.length < 2 ? "0" : "") + hours + ":" + (minutes.length < 2 ? "0" : "") + minutes;
    }
}
}
