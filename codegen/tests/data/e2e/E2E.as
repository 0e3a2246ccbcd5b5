package {
import amfsocket.AnyCall;
import amfsocket.CloseReason;
import amfsocket.Connection;
import amfsocket.ConnectionEvent;
import amfsocket.ConnectionOptions;
import amfsocket.RpcFailure;
import com.example.admin.Note;
import com.example.board.Circle;
import com.example.chat.Line;
import com.example.chat.RoomEvent;
import com.example.chat.RoomEventTag;
import com.example.chat.RoomState;
import com.example.chat.User;
import com.example.common.Page;
import com.example.common.Priority;
import flash.display.Sprite;
import flash.errors.IllegalOperationError;
import flash.utils.ByteArray;
import generated.AdminClient;
import generated.ChatClient;
import generated.ChatListRoomsCall;
import generated.ClientSideConfirmReply;
import generated.ClientSideDispatcher;
import generated.ClientSidePickReply;
import generated.ClientSidePointerReply;
import generated.IClientSide;
import generated.Role;

/**
 * The generated stubs, dispatcher and runtime against the Rust server of tests/ruffle.rs, in
 * Ruffle. Traces AMF_TEST_DONE when every check passed, else AMF_TEST_FAIL and why.
 */
public class E2E extends Sprite implements IClientSide {
    private var _port:int;
    private var _connection:Connection;
    private var _chat:ChatClient;
    private var _failed:Boolean = false;
    private var _sawRoomEvent:Boolean = false;
    private var _confirmed:Boolean = false;

    public function E2E() {
        _port = int(loaderInfo.parameters.port);
        deadServer(int(loaderInfo.parameters.dead));
    }

    private function fail(why:String):void {
        if (!_failed) {
            _failed = true;
            trace("AMF_TEST_FAIL " + why);
        }
    }

    private function check(ok:Boolean, what:String):void {
        if (!ok) {
            fail(what);
        }
    }

    private function failure(what:String):Function {
        return function(f:RpcFailure):void {
            fail(what + " failed: " + f);
        };
    }

    private function success(what:String):Function {
        return function():void {
            fail(what + " should have failed");
        };
    }

    /** Ruffle fires CONNECT even when nobody listens: that must not open the connection. */
    private function deadServer(port:int):void {
        trace("step dead server");
        var options:ConnectionOptions = new ConnectionOptions();
        options.autoReconnect = false;
        var dead:Connection = new Connection("127.0.0.1", port, options);
        dead.connect();
        var queued:AnyCall = dead.request("chat.list_rooms");
        dead.addEventListener(ConnectionEvent.OPEN, function(e:ConnectionEvent):void {
            fail("a connection to a dead port opened");
        });
        dead.addEventListener(ConnectionEvent.CLOSE, function(e:ConnectionEvent):void {
            check(e.reason == CloseReason.SERVER_CLOSED || e.reason == CloseReason.IO_ERROR,
                "dead server: close reason " + e.reason);
            check(!e.willReconnect && !dead.isOpen, "dead server: state " + dead.state);
            check(queued.done && queued.failure.reason == RpcFailure.DISCONNECTED,
                "dead server: the queued call " + queued.state + " " + queued.failure);
            liveServer();
        });
    }

    private function liveServer():void {
        trace("step live server");
        _connection = new Connection("127.0.0.1", _port);
        _connection.addHandler(new ClientSideDispatcher(this));
        _connection.addEventListener(ConnectionEvent.OPEN, function(e:ConnectionEvent):void {
            join();
        });
        _connection.addEventListener(ConnectionEvent.PROTOCOL_ERROR, function(e:ConnectionEvent):void {
            fail("protocol error " + e.reason + ": " + e.detail);
        });
        _chat = new ChatClient(_connection);
        _connection.connect();
    }

    private function join():void {
        trace("step join");
        _chat.join("lobby").onSuccess(function(state:RoomState):void {
            check(_confirmed, "the server's requests were served before the reply");
            check(_sawRoomEvent, "the room event arrived before the reply");
            check(_connection.latency >= 0 && _connection.latency < 10, "latency " + _connection.latency);
            checkState(state);
            leave();
        }).onFailure(failure("join"));
    }

    private function checkState(state:RoomState):void {
        check(state.room == "lobby", "room " + state.room);
        var ann:User = state.members[0] as User;
        check(ann != null, "members[0] is a User");
        check(ann.userId == 7 && ann.displayName == "Ann" && ann.nick == null, "ann's names");
        check(ann.age == 30 && ann.roles[0] == Role.MODERATOR, "ann's age and roles");
        check(ann.score == 1099511627776, "ann's score " + ann.score);
        check(ann.avatar is ByteArray && ann.avatar.length == 2 && ann.avatar[0] == 137, "avatar");
        check(ann.joinedAt.getTime() == 1000000000, "joinedAt " + ann.joinedAt.getTime());
        check(ann.away === false, "away");
        var recent:Page = state.recent;
        check(recent is Page && Line(recent.items[0]).text == "hi", "recent");
        check(state.scores["ann"][1] == 2, "scores");
        var circle:Circle = state.board[0][0] as Circle;
        check(circle != null && circle.kind == "circle" && circle.radius == 2.5, "board[0][0]");
        check(circle.center.x == 1 && circle.center.y == 2, "circle's center");
        check(state.board[0][1] == null, "board[0][1]");
        check(state.logo_at.x == 1.5, "logo_at");
        check(state.last_event is RoomEvent && state.last_event.type == RoomEventTag.LEFT &&
            state.last_event.data.user_id == 9, "last_event");
        check(state.settings.theme == "dark", "settings");
        check(state.priority == Priority.HIGH, "priority " + state.priority);
        check(state.plugin_data is ByteArray && ByteArray(state.plugin_data).length == 2, "plugin_data");
    }

    private function leave():void {
        trace("step leave");
        _chat.leave().onSuccess(success("leave")).onFailure(function(f:RpcFailure):void {
            check(f.reason == RpcFailure.REMOTE_ERROR && f.code == "NotInRoom", "leave: " + f);
            history();
        });
    }

    private function history():void {
        trace("step history");
        _chat.history("lobby", "c1", 5).onSuccess(function(page:Page):void {
            check(page.total == 5 && page.next == "c1", "page " + page.total + " " + page.next);
            var line:Line = page.items[0] as Line;
            check(line != null && line.from == 7 && line.text == "hi", "line");
            check(line["mood"] == "happy", "the dynamic member of the line");
            _chat.history("slow").timeout(300).onSuccess(success("slow history"))
                .onFailure(function(f:RpcFailure):void {
                    check(f.reason == RpcFailure.TIMEOUT, "slow history: " + f);
                    rooms();
                });
        }).onFailure(failure("history"));
    }

    private function rooms():void {
        trace("step rooms");
        var call:ChatListRoomsCall = _chat.listRooms();
        call.onSuccess(function(names:Array):void {
            check(names.join(",") == "lobby,games" && call.value[1] == "games", "rooms " + names);
            draw();
        }).onFailure(failure("listRooms"));
    }

    private function draw():void {
        trace("step draw");
        var circle:Circle = new Circle();
        circle.center = {x: 1, y: 2};
        circle.radius = 2;
        var layer:ByteArray = new ByteArray();
        layer.writeByte(1);
        _chat.draw(circle, [layer, layer]).onSuccess(function(id:uint):void {
            check(id == 202, "draw " + id);
            admin();
        }).onFailure(failure("draw"));
    }

    private function admin():void {
        trace("step admin");
        var admin:AdminClient = new AdminClient(_connection);
        admin.kickUser(7).onSuccess(function(kicked:Boolean):void {
            check(kicked, "kickUser");
            var note:Note = new Note();
            note.text = "pinned";
            note.pinned = true;
            note["color"] = "red";
            check(admin.pinNote(note), "pinNote sent");
            check(_chat.say("hello", Priority.LOW), "say sent");
            unknown();
        }).onFailure(failure("kickUser"));
    }

    private function unknown():void {
        trace("step unknown command");
        _connection.request("no.such").onSuccess(success("no.such")).onFailure(function(f:RpcFailure):void {
            check(f.reason == RpcFailure.REMOTE_ERROR && f.code == "unknown_command", "no.such: " + f);
            // A last request: its reply comes after the messages above were read.
            _chat.listRooms().onSuccess(function(names:Array):void {
                if (!_failed) {
                    trace("AMF_TEST_DONE");
                }
            });
        });
    }

    // ---- what the server calls ------------------------------------------------------------

    public function confirm(question:String, priority:Object, reply:ClientSideConfirmReply):void {
        check(question == "Ready?" && priority == Priority.HIGH, "confirm's arguments");
        reply.success(true);
        try {
            reply.success(false);
            fail("a second reply was sent");
        } catch (e:IllegalOperationError) {
            _confirmed = true;
        }
    }

    public function pick(options:Array, defaultIndex:Object, reply:ClientSidePickReply):void {
        check(options.join(",") == "red,blue" && defaultIndex == null, "pick's arguments");
        reply.failure("declined", "not now");
    }

    public function pointer(reply:ClientSidePointerReply):void {
        reply.success({x: 3, y: 4});
    }

    public function roomEvent(event:RoomEvent, at:Date):void {
        check(event.type == RoomEventTag.JOINED && User(event.data).displayName == "Ann", "roomEvent");
        check(at.getTime() == 1000000000, "roomEvent's date");
        _sawRoomEvent = true;
    }

    public function shutdown():void {
    }
}
}
