using System.Collections.Concurrent;
using System.Diagnostics;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>What one random member did, written by the member itself: the test's side of the model.</summary>
public sealed class MemberRecord(ChaosRecord group, MemberSpec spec, int index, string groupName)
{
    private readonly ConcurrentQueue<Thread> _executeThreads = new();
    private readonly ConcurrentQueue<long> _endSeqs = new();
    private int _starts;
    private int _interrupts;
    private int _tokenCancels;
    private int _postStops;
    private long _exitSeq;
    private long _firstInterruptSeq = long.MaxValue;
    private long _doneSeq;

    public MemberSpec Spec { get; } = spec;

    /// <summary>Its odd name, or <c>m</c> and its index.</summary>
    public string Name { get; } = spec.Name ?? $"m{index}";

    /// <summary>The error the member ends with, created up front so that the outcome can be compared by identity.</summary>
    public Exception Error { get; } = ThrowingErrors.Make(spec.Errors, $"m{index} exits");

    /// <summary>The error its interrupt throws, when it throws.</summary>
    public Exception InterruptError { get; } = ThrowingErrors.Make(spec.Errors, $"m{index} interrupt");

    /// <summary>Set by the interrupt: lets a member that exits when interrupted end.</summary>
    public ManualResetEventSlim Gate { get; } = new();

    /// <summary>The async side of <see cref="Gate"/>.</summary>
    public TaskCompletionSource InterruptCalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Starts => Volatile.Read(ref _starts);

    public int Interrupts => Volatile.Read(ref _interrupts);

    public int TokenCancels => Volatile.Read(ref _tokenCancels);

    public int PostStops => Volatile.Read(ref _postStops);

    /// <summary>The group's sequence number at the member's own exit; 0 when it has not ended by itself.</summary>
    public long ExitSeq => Interlocked.Read(ref _exitSeq);

    public long FirstInterruptSeq => Interlocked.Read(ref _firstInterruptSeq);

    /// <summary>The error the member produced, or null; meaningful once <see cref="Ended"/>.</summary>
    public Exception? Produced { get; private set; }

    /// <summary>Whether the member ended by producing a cancellation, whose exception the library creates.</summary>
    public bool ProducedCancellation { get; private set; }

    public volatile bool Ended;

    public Exception? InterruptArgument { get; private set; }

    /// <summary>The state of the member's group (<c>RunGroup.State</c>) as its interrupt saw it on being called.</summary>
    public RunGroupState? InterruptState { get; private set; }

    /// <summary>The group's state when its execute first started; null for a member that does not record it.</summary>
    public RunGroupState? StartState { get; private set; }

    public Thread? ExecuteThread { get; private set; }

    public Thread? InterruptThread { get; private set; }

    public ChaosRecord Group { get; } = group;

    /// <summary>A nested group's name (for its events); null for the other kinds.</summary>
    public string? NestedName { get; } = spec.Nested is null ? null : $"{groupName}.m{index}";

    /// <summary>A nested group, as built (for its state); null for the other kinds.</summary>
    public RunGroup? NestedGroup { get; set; }

    /// <summary>The records of a nested group's members, in the order they were added; empty for the other kinds.</summary>
    public MemberRecord[] Children { get; } =
        spec.Nested?.Members.Select((m, i) => new MemberRecord(group, m, i, $"{groupName}.m{index}")).ToArray() ?? [];

    /// <summary>The errors of its failing incarnations, one per incarnation (restart policy only).</summary>
    public Exception[] Failures { get; } = Enumerable.Range(1, spec.Failures).Select(n => ThrowingErrors.Make(spec.Errors, $"m{index} failure {n}")).ToArray();

    /// <summary>The threads every incarnation of a synchronous member's execute ran on.</summary>
    public IEnumerable<Thread> ExecuteThreads => _executeThreads;

    /// <summary>
    /// The group's sequence number at the last thing the member did before the library may count it as finished
    /// (its own end, its interrupt's return, its token's cancellation, its actor's PostStop); 0 if none.
    /// </summary>
    public long DoneSeq => Interlocked.Read(ref _doneSeq);

    /// <summary>Records the start of an incarnation of its execute; returns its number, from 1.</summary>
    public int OnStart(bool dedicatedThread, RunGroupState? state = null)
    {
        var incarnation = Interlocked.Increment(ref _starts);
        if (incarnation == 1)
        {
            StartState = state;
        }

        if (dedicatedThread)
        {
            ExecuteThread = Thread.CurrentThread;
            _executeThreads.Enqueue(Thread.CurrentThread);
        }

        return incarnation;
    }

    /// <summary>Records an incarnation that fails and will be restarted, unless the group is interrupted by then.</summary>
    public Exception Fail(Exception failure)
    {
        Produced = failure;
        Ended = true;
        _endSeqs.Enqueue(Group.NextSeq());
        NoteDone();
        return failure;
    }

    /// <summary>The sequence numbers of its incarnations' ends (failing or not), in order.</summary>
    public IReadOnlyList<long> EndSeqs => [.. _endSeqs];

    /// <summary>Records the moment an interrupt call returns.</summary>
    public void OnInterruptReturning() => NoteDone();

    /// <summary>Records an interrupt call (or an interrupt message factory call), and the group's state then, and opens the gate.</summary>
    public void OnInterrupt(Exception? error, bool dedicatedThread, RunGroupState state)
    {
        if (dedicatedThread)
        {
            InterruptThread = Thread.CurrentThread;
        }

        InterruptArgument = error;
        InterruptState = state;
        NoteInterruptSeq();
        Interlocked.Increment(ref _interrupts);
        Gate.Set();
        InterruptCalled.TrySetResult();
    }

    public void OnTokenCancelled()
    {
        NoteInterruptSeq();
        Interlocked.Increment(ref _tokenCancels);
        NoteDone();
    }

    public void OnPostStop()
    {
        Interlocked.Increment(ref _postStops);
        NoteDone();
    }

    /// <summary>Records the member's own end just before it happens; returns the error it ends with (null: clean).</summary>
    public Exception? End(Exception? produced, bool cancellation = false)
    {
        Produced = produced;
        ProducedCancellation = cancellation;
        var seq = Group.NextSeq();
        _endSeqs.Enqueue(seq);
        Interlocked.Exchange(ref _exitSeq, seq);
        Ended = true;
        NoteDone();
        return produced;
    }

    /// <summary>Records an end the member did not choose: its actor was stopped by the group or the system.</summary>
    public void StoppedFromOutside()
    {
        Produced = null;
        Ended = true;
    }

    private void NoteDone()
    {
        var seq = Group.NextSeq();
        long seen;
        while (seq > (seen = Interlocked.Read(ref _doneSeq)) && Interlocked.CompareExchange(ref _doneSeq, seq, seen) != seen)
        {
        }
    }

    private void NoteInterruptSeq()
    {
        var seq = Group.NextSeq();
        long seen;
        while (seq < (seen = Interlocked.Read(ref _firstInterruptSeq)) && Interlocked.CompareExchange(ref _firstInterruptSeq, seq, seen) != seen)
        {
        }
    }
}

/// <summary>The test's record of one random group: a sequence clock and the problems its members noticed.</summary>
public sealed class ChaosRecord
{
    private readonly long _createdAt = Stopwatch.GetTimestamp();
    private readonly ConcurrentDictionary<long, long> _times = new();
    private long _seq;

    /// <summary>Set by the test once the run has completed: releases the members that ignore their interrupt.</summary>
    public ManualResetEventSlim Release { get; } = new();

    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<string> Violations { get; } = new();

    public long NextSeq()
    {
        var seq = Interlocked.Increment(ref _seq);
        _times[seq] = Stopwatch.GetTimestamp();
        return seq;
    }

    /// <summary>The time from the moment of sequence number <paramref name="from"/> (0: the group's creation) to that of <paramref name="to"/>.</summary>
    public TimeSpan Between(long from, long to) =>
        _times.TryGetValue(to, out var end) ? Stopwatch.GetElapsedTime(from == 0 ? _createdAt : _times[from], end) : TimeSpan.Zero;

    public void ReleaseAll()
    {
        Release.Set();
        Released.TrySetResult();
    }
}
