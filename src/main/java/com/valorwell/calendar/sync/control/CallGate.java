package com.valorwell.calendar.sync.control;

import java.util.concurrent.Semaphore;

/**
 * Bounds how many Google calls are in flight: open for user requests (each has its own
 * thread), a semaphore of SYNC_SWEEP_CONCURRENCY permits for the retry sweeper, so the
 * sweeper's database work overlaps while its Google calls stay within the bound.
 */
public interface CallGate {

    CallGate OPEN = Runnable::run;

    void call(Runnable googleCall);

    static CallGate bounded(Semaphore permits) {
        return googleCall -> {
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting to call Google", e);
            }
            try {
                googleCall.run();
            } finally {
                permits.release();
            }
        };
    }
}
