package io.moirai.runtime;

/** A CPU worker's platform thread; lets a task find its worker with one type check. */
final class WorkerThread extends Thread {

    private final Worker worker;

    WorkerThread(Worker worker, String name) {
        super(null, worker, name, 0L, false);
        this.worker = worker;
        setDaemon(true);
    }

    Worker worker() {
        return worker;
    }
}
