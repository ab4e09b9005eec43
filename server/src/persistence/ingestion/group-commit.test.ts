import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit, QueuedPastDeadline, type GroupCommitOptions } from './group-commit.js';

/** Group commit without a database: an executor that records its batches and settles them when told. */

interface Job {
  id: string;
  key: string | null;
}

class SafeError extends Error {}

interface Running {
  jobs: string[];
  deadline: number;
  succeed(): void;
  fail(error: unknown): void;
}

function harness(options: Partial<GroupCommitOptions<Job>> = {}) {
  const batches: Running[] = [];
  let clock = 0;
  const commit = new GroupCommit<Job, string>(
    (jobs, deadline) =>
      new Promise((resolve, reject) => {
        batches.push({
          jobs: jobs.map((job) => job.id),
          deadline,
          succeed: () => resolve(jobs.map((job) => `stored ${job.id}`)),
          fail: reject,
        });
      }),
    {
      maxBatch: 64,
      batchesInFlight: 1,
      overlapAfterMs: 25,
      keyOf: (job) => job.key,
      isSafeToRetry: (error) => error instanceof SafeError,
      now: () => clock,
      ...options,
    },
  );
  const outcomes: Record<string, string> = {};
  const submit = (id: string, key: string | null = null, deadline?: number) =>
    commit.submit({ id, key }, deadline).then(
      (result) => void (outcomes[id] = result),
      (error: Error) => void (outcomes[id] = `failed: ${error.message}`),
    );
  const advance = async (ms: number) => {
    clock += ms;
    await vi.advanceTimersByTimeAsync(ms);
  };
  return {
    commit,
    batches,
    outcomes,
    submit,
    advance,
    settle: () => vi.advanceTimersByTimeAsync(0),
    now: () => clock,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('GroupCommit', () => {
  it('reports every batch to onBatch: its size, its duration on the clock, whether it committed', async () => {
    const seen: [number, number, boolean][] = [];
    const h = harness({ onBatch: (size, durationMs, committed) => seen.push([size, durationMs, committed]) });
    const all = ['a', 'b', 'c', 'd'].map((id) => h.submit(id));
    await h.advance(5);
    h.batches[0].succeed();
    await h.settle();
    await h.advance(7);
    // A failure that may be one job's fault: the batch of three fails, then each job runs alone.
    h.batches[1].fail(new SafeError('one bad job'));
    await h.settle();
    h.batches[2].succeed();
    h.batches[3].succeed();
    h.batches[4].fail(new SafeError('this one'));
    await Promise.all(all);
    expect(seen).toEqual([
      [1, 5, true],
      [3, 7, false],
      [1, 0, true],
      [1, 0, true],
      [1, 0, false],
    ]);
  });

  it('runs a lone job at once, in a batch of one', async () => {
    const h = harness();
    const done = h.submit('a');
    expect(h.batches.map((b) => b.jobs)).toEqual([['a']]);
    h.batches[0].succeed();
    await done;
    expect(h.outcomes).toEqual({ a: 'stored a' });
  });

  it('commits the jobs that queued while a batch ran together, in the next batch', async () => {
    const h = harness();
    const all = ['a', 'b', 'c', 'd'].map((id) => h.submit(id));
    expect(h.batches.map((b) => b.jobs)).toEqual([['a']]);
    h.batches[0].succeed();
    await h.settle();
    expect(h.batches.map((b) => b.jobs)).toEqual([['a'], ['b', 'c', 'd']]);
    h.batches[1].succeed();
    await Promise.all(all);
    expect(h.outcomes).toEqual({ a: 'stored a', b: 'stored b', c: 'stored c', d: 'stored d' });
  });

  it.each([
    [3, ['a', 'b', 'c', 'd', 'e', 'f', 'g'], [['a'], ['b', 'c', 'd'], ['e', 'f', 'g']]],
    [64, ['a', 'b', 'c'], [['a'], ['b', 'c']]],
  ])('takes at most maxBatch (%d) jobs, oldest first', async (maxBatch, ids, expected) => {
    const h = harness({ maxBatch });
    const all = ids.map((id) => h.submit(id));
    for (let i = 0; i < expected.length; i++) {
      h.batches[i].succeed();
      await h.settle();
    }
    await Promise.all(all);
    expect(h.batches.map((b) => b.jobs)).toEqual(expected);
  });

  it('holds at most one job per key in a batch; jobs without a key are not limited', async () => {
    const h = harness();
    const all = [
      h.submit('first', null),
      h.submit('m1-a', 'm1'),
      h.submit('m1-b', 'm1'),
      h.submit('m2', 'm2'),
      h.submit('log-1', null),
      h.submit('m1-c', 'm1'),
      h.submit('log-2', null),
    ];
    for (let i = 0; i < 4; i++) {
      h.batches[i]?.succeed();
      await h.settle();
    }
    await Promise.all(all);
    expect(h.batches.map((b) => b.jobs)).toEqual([['first'], ['m1-a', 'm2', 'log-1', 'log-2'], ['m1-b'], ['m1-c']]);
  });

  it('starts another batch beside a running one only once that one has run overlapAfterMs', async () => {
    const h = harness({ batchesInFlight: 2, overlapAfterMs: 25 });
    void h.submit('a');
    void h.submit('b');
    expect(h.batches.map((b) => b.jobs)).toEqual([['a']]);
    await h.advance(24);
    expect(h.batches).toHaveLength(1);
    await h.advance(1);
    expect(h.batches.map((b) => b.jobs)).toEqual([['a'], ['b']]);
    // Two in flight: a third waits for one of them to finish, however long they take.
    void h.submit('c');
    await h.advance(1_000);
    expect(h.batches).toHaveLength(2);
    h.batches[0].succeed();
    await h.settle();
    expect(h.batches.map((b) => b.jobs)).toEqual([['a'], ['b'], ['c']]);
  });

  it('never overlaps batches when batchesInFlight is 1', async () => {
    const h = harness({ batchesInFlight: 1 });
    void h.submit('a');
    void h.submit('b');
    await h.advance(10_000);
    expect(h.batches).toHaveLength(1);
  });

  it('retries the jobs of a batch alone when the error says nothing was changed; each fails on its own', async () => {
    const h = harness();
    const first = h.submit('first');
    const rest = ['a', 'b', 'c'].map((id) => h.submit(id));
    h.batches[0].succeed();
    await first;
    h.batches[1].fail(new SafeError('constraint violated'));
    await h.settle();
    expect(h.batches.slice(2).map((b) => b.jobs)).toEqual([['a'], ['b'], ['c']]);
    h.batches[2].succeed();
    h.batches[3].fail(new SafeError('b is at fault'));
    h.batches[4].succeed();
    await Promise.all(rest);
    expect(h.outcomes).toEqual({ first: 'stored first', a: 'stored a', b: 'failed: b is at fault', c: 'stored c' });
  });

  it('fails every job of a batch, without retrying, when the error may hide a commit (a lost connection)', async () => {
    const h = harness();
    const first = h.submit('first');
    const rest = ['a', 'b'].map((id) => h.submit(id));
    h.batches[0].succeed();
    await first;
    h.batches[1].fail(new Error('connection terminated'));
    await Promise.all(rest);
    expect(h.batches).toHaveLength(2);
    expect(h.outcomes).toMatchObject({ a: 'failed: connection terminated', b: 'failed: connection terminated' });
  });

  it('fails every job of a batch whose executor did not return one result per job', async () => {
    const commit = new GroupCommit<Job, string>(async () => ['one result'], {
      maxBatch: 64,
      batchesInFlight: 1,
      overlapAfterMs: 25,
      keyOf: () => null,
      isSafeToRetry: () => false,
    });
    const lone = commit.submit({ id: 'x', key: null });
    const pair = [commit.submit({ id: 'a', key: null }), commit.submit({ id: 'b', key: null })];
    await expect(lone).resolves.toBe('one result');
    for (const job of pair) await expect(job).rejects.toThrow('A batch of 2 jobs returned 1 results.');
  });

  it('counts batches, jobs and the largest batch, retries included', async () => {
    const h = harness();
    const all = ['a', 'b', 'c'].map((id) => h.submit(id));
    h.batches[0].succeed();
    await h.settle();
    h.batches[1].fail(new SafeError('x'));
    await h.settle();
    h.batches[2].succeed();
    h.batches[3].succeed();
    await Promise.all(all);
    expect(h.commit.stats).toEqual({ batches: 4, jobs: 5, largestBatch: 2 });
  });
  it('hands a batch the earliest deadline of its jobs (Infinity when none has one)', async () => {
    const h = harness();
    void h.submit('first');
    void h.submit('a', null, 900);
    void h.submit('b', null, 500);
    void h.submit('c');
    expect(h.batches[0].deadline).toBe(Infinity);
    h.batches[0].succeed();
    await h.settle();
    expect(h.batches[1]).toMatchObject({ jobs: ['a', 'b', 'c'], deadline: 500 });
  });

  it('rejects a job still queued when its deadline passes, without running it; later jobs still run', async () => {
    const h = harness();
    const first = h.submit('first');
    const late = h.submit('late', null, 100);
    const patient = h.submit('patient', null, 10_000);
    await h.advance(100);
    await late;
    expect(h.outcomes.late).toMatch(/^failed: The request waited 100 ms for its turn to be stored and was not run\.$/);
    h.batches[0].succeed();
    await first;
    await h.settle();
    expect(h.batches.map((b) => b.jobs)).toEqual([['first'], ['patient']]);
    h.batches[1].succeed();
    await patient;
    expect(h.outcomes.patient).toBe('stored patient');
  });

  it('says a job out of time was never run (QueuedPastDeadline), so nobody need wonder whether it was stored', async () => {
    const h = harness();
    void h.submit('blocking');
    const waiting = h.commit.submit({ id: 'waiting', key: null }, h.now() + 50).catch((error: unknown) => error);
    await h.advance(60);
    expect(await waiting).toBeInstanceOf(QueuedPastDeadline);
    h.commit.close();
  });

  it('retries alone only the jobs of a failed batch that still have time; the others fail with its error', async () => {
    const h = harness();
    void h.submit('first');
    const rest = [h.submit('short', null, 50), h.submit('long', null, 5_000)];
    h.batches[0].succeed();
    await h.settle();
    await h.advance(60);
    h.batches[1].fail(new SafeError('one of them is at fault'));
    await h.settle();
    expect(h.batches.slice(2).map((b) => b.jobs)).toEqual([['long']]);
    h.batches[2].succeed();
    await Promise.all(rest);
    expect(h.outcomes).toMatchObject({ short: 'failed: one of them is at fault', long: 'stored long' });
  });
});
