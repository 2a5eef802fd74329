package org.layercanvas.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** The backend's threads: every task runs once, on the caller and the workers; failures and nested calls; closing. */
class TeamTest {
    @Test
    void everyTaskRunsOnceOnTheCallerAndTheWorkers() {
        try (Team team = new Team(3)) {
            for (int round = 0; round < 10_000; round++) { // many hand-offs: a lost wake-up would hang here
                AtomicIntegerArray ran = new AtomicIntegerArray(3);
                Set<Thread> threads = ConcurrentHashMap.newKeySet();
                team.run(3, t -> {
                    ran.incrementAndGet(t);
                    threads.add(Thread.currentThread());
                });
                for (int t = 0; t < 3; t++) {
                    assertThat(ran.get(t)).isEqualTo(1);
                }
                assertThat(threads).hasSize(3).contains(Thread.currentThread());
            }
        }
    }

    @Test
    void aWorkersFailureReachesTheCallerAfterEveryTaskEnded() {
        try (Team team = new Team(2)) {
            AtomicIntegerArray ran = new AtomicIntegerArray(2);
            assertThatThrownBy(() -> team.run(2, t -> {
                ran.incrementAndGet(t);
                if (t == 1) {
                    throw new IllegalArgumentException("task 1");
                }
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("task 1");
            assertThat(ran.get(0)).isEqualTo(1);
            // the team goes on working
            team.run(2, ran::incrementAndGet);
            assertThat(ran.get(1)).isEqualTo(2);
        }
    }

    @Test
    void callerOnlyRunsEveryTaskOnTheCallingThreadUntilTurnedOff() {
        try (Team team = new Team(3)) {
            team.callerOnly(true);
            AtomicIntegerArray ran = new AtomicIntegerArray(3);
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            team.run(3, t -> {
                ran.incrementAndGet(t);
                threads.add(Thread.currentThread());
            });
            assertThat(threads).containsExactly(Thread.currentThread());
            for (int t = 0; t < 3; t++) {
                assertThat(ran.get(t)).isEqualTo(1);
            }
            team.callerOnly(false);
            team.run(3, t -> threads.add(Thread.currentThread()));
            assertThat(threads).hasSize(3);
        }
    }

    @Test
    void aCallFromATaskRunsItsTasksOnItsOwnThread() {
        try (Team team = new Team(2)) {
            AtomicIntegerArray inner = new AtomicIntegerArray(4);
            team.run(2, t -> team.run(2, u -> inner.incrementAndGet(2 * t + u)));
            for (int i = 0; i < 4; i++) {
                assertThat(inner.get(i)).isEqualTo(1);
            }
        }
    }

    @Test
    void closingEndsTheWorkers() throws Exception {
        Team team = new Team(2);
        Thread[] worker = new Thread[1];
        team.run(2, t -> {
            if (t == 1) {
                worker[0] = Thread.currentThread();
            }
        });
        team.close();
        worker[0].join(5_000);
        assertThat(worker[0].isAlive()).isFalse();
        // used after closing, it runs the tasks on the calling thread rather than waiting for a worker that has ended
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        team.run(2, t -> threads.add(Thread.currentThread()));
        assertThat(threads).containsExactly(Thread.currentThread());
    }
}
