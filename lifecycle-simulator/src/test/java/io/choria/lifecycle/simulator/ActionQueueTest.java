package io.choria.lifecycle.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ActionQueueTest {
    @Test
    void actionsComeOutEarliestFirstAndTiesByNode() {
        Random random = new Random(7);
        int nodes = 5000;
        ActionQueue queue = new ActionQueue(nodes);
        List<long[]> expected = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            long due = random.nextInt(1000);
            queue.add(due, n);
            expected.add(new long[] {due, n});
        }
        expected.sort(Comparator.<long[]>comparingLong(e -> e[0]).thenComparingLong(e -> e[1]));
        for (long[] e : expected) {
            assertThat(queue.peekDue()).isEqualTo(e[0]);
            assertThat(queue.poll()).isEqualTo((int) e[1]);
        }
        assertThat(queue.isEmpty()).isTrue();
    }

    @Test
    void aNodePolledAndAddedAgainKeepsTheOrder() {
        ActionQueue queue = new ActionQueue(3);
        queue.add(30, 0);
        queue.add(10, 1);
        queue.add(20, 2);
        int node = queue.poll();
        queue.add(25, node);
        assertThat(List.of(queue.poll(), queue.poll(), queue.poll())).containsExactly(2, 1, 0);
    }

    @Test
    void theLargestNodeNumberAndLateTimesFit() {
        ActionQueue queue = new ActionQueue(2);
        queue.add(ActionQueue.MAX_DUE + 5, ActionQueue.MAX_NODES);
        queue.add(ActionQueue.MAX_DUE - 1, 0);
        assertThat(queue.poll()).isZero();
        assertThat(queue.peekDue()).isEqualTo(ActionQueue.MAX_DUE);
        assertThat(queue.poll()).isEqualTo(ActionQueue.MAX_NODES);
    }
}
