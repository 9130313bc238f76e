package io.github.wstoolkit.ws.internal.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wstoolkit.api.CallTimings;
import io.github.wstoolkit.api.Frame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The figures a call's timings report (what reports and the viewer show as connect, first frame, gap, frames and
 * bytes), checked against the frames' own times: each figure is a difference of recorded instants, so the checks are
 * exact whatever the machine's speed.
 */
class CallRecorderTest {

    @Test
    void nothingRecordedMeansNoFirstFrameAndNoGap() {
        CallRecorder rec = new CallRecorder();
        rec.connected(Duration.ofMillis(12));
        CallTimings t = rec.timings();
        assertEquals(Duration.ofMillis(12), t.connect());
        assertEquals(Optional.empty(), t.firstFrame());
        assertEquals(Optional.empty(), t.maxFrameGap());
        assertEquals(0, t.framesReceived());
        assertEquals(0, t.bytesReceived());
        assertEquals(List.of(), t.frames());
        assertTrue(!t.total().isNegative());
    }

    @Test
    void theFirstFrameCountsFromTheFirstRequestFrameToTheFirstAnswer() {
        CallRecorder rec = new CallRecorder();
        rec.sent("request");
        rec.sent("a second message is not the request");
        rec.requestSent(); // already sent: changes nothing
        Duration first = rec.received("one");
        rec.answerBegan(); // already began: changes nothing
        rec.received("two");
        CallTimings t = rec.timings();
        Duration sentAt = t.frames().get(0).at();
        assertEquals(Optional.of(first.minus(sentAt)), t.firstFrame());
        assertEquals(first, t.frames().get(2).at());
        // only received frames count
        assertEquals(2, t.framesReceived());
        assertEquals(6, t.bytesReceived());
        assertEquals(
                List.of(Frame.Direction.SENT, Frame.Direction.SENT, Frame.Direction.RECEIVED, Frame.Direction.RECEIVED),
                t.frames().stream().map(Frame::direction).toList());
        assertTrue(t.total().compareTo(first) >= 0);
    }

    @Test
    void withoutARequestTheFirstFrameCountsFromTheStart() {
        CallRecorder rec = new CallRecorder();
        Duration at = rec.received("hello");
        assertEquals(Optional.of(at), rec.timings().firstFrame());
    }

    @Test
    void theGapIsTheLongestBetweenTwoReceivedFrames() {
        CallRecorder rec = new CallRecorder();
        Duration a = rec.received("a");
        assertEquals(Optional.empty(), rec.timings().maxFrameGap());
        rec.sent("sent frames are not in the gap");
        Duration b = rec.received(new byte[] {1, 2, 3});
        Duration c = rec.received("c");
        Duration d = rec.received("d");
        Duration longest = List.of(b.minus(a), c.minus(b), d.minus(c)).stream()
                .max(Duration::compareTo)
                .orElseThrow();
        CallTimings t = rec.timings();
        assertEquals(Optional.of(longest), t.maxFrameGap());
        assertEquals(4, t.framesReceived());
        assertEquals(1 + 3 + 1 + 1, t.bytesReceived());
        assertTrue(t.frames().get(2).binary());
        assertEquals(3, t.frames().get(2).size());
    }

    @Test
    void framesBeyondTheLimitAreCountedButNotListed() {
        CallRecorder rec = new CallRecorder();
        for (int i = 0; i < CallRecorder.MAX_FRAMES + 5; i++) {
            rec.received("x");
        }
        CallTimings t = rec.timings();
        assertEquals(CallRecorder.MAX_FRAMES, t.frames().size());
        assertEquals(CallRecorder.MAX_FRAMES + 5, t.framesReceived());
        assertEquals(CallRecorder.MAX_FRAMES + 5, t.bytesReceived());
    }

    @Test
    void aTextFramesSizeIsItsUtf8Length() {
        for (String s : List.of(
                "", "plain", "\u007f\u0080", "é", "\u07ff\u0800", "€uro", "\uffff", "😀", "a😀b€c\u07ffd", "𝄞𝄞")) {
            assertEquals(s.getBytes(StandardCharsets.UTF_8).length, CallRecorder.utf8Length(s), s);
        }
        CallRecorder rec = new CallRecorder();
        rec.received("😀é");
        rec.frame(Frame.Direction.SENT, "sent", 4);
        assertEquals(6, rec.timings().bytesReceived());
        assertEquals(6, rec.timings().frames().get(0).size());
        assertEquals(4, rec.timings().frames().get(1).size());
    }
}
