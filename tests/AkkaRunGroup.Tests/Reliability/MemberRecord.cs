using System.Collections.Concurrent;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>What one random member did, written by the member itself: the test's side of the model.</summary>
public sealed class MemberRecord(ChaosRecord group, MemberSpec spec, int index)
{
    private int _starts;
    private int _interrupts;
    private int _tokenCancels;
    private int _postStops;
    private long _exitSeq;
    private long _firstInterruptSeq = long.MaxValue;

    public MemberSpec Spec { get; } = spec;

    public string Name { get; } = $"m{index}";

    /// <summary>The error the member ends with, created up front so that the outcome can be compared by identity.</summary>
    public Exception Error { get; } = new ChaosException($"m{index} exits");

    /// <summary>The error its interrupt throws, when it throws.</summary>
    public Exception InterruptError { get; } = new ChaosException($"m{index} interrupt");

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

    public Thread? ExecuteThread { get; private set; }

    public Thread? InterruptThread { get; private set; }

    public ChaosRecord Group { get; } = group;

    public void OnStart(bool dedicatedThread)
    {
        Interlocked.Increment(ref _starts);
        if (dedicatedThread)
        {
            ExecuteThread = Thread.CurrentThread;
        }
    }

    /// <summary>Records an interrupt call (or an interrupt message factory call) and opens the gate.</summary>
    public void OnInterrupt(Exception? error, bool dedicatedThread)
    {
        if (dedicatedThread)
        {
            InterruptThread = Thread.CurrentThread;
        }

        InterruptArgument = error;
        NoteInterruptSeq();
        Interlocked.Increment(ref _interrupts);
        Gate.Set();
        InterruptCalled.TrySetResult();
    }

    public void OnTokenCancelled()
    {
        NoteInterruptSeq();
        Interlocked.Increment(ref _tokenCancels);
    }

    public void OnPostStop() => Interlocked.Increment(ref _postStops);

    /// <summary>Records the member's own end just before it happens; returns the error it ends with (null: clean).</summary>
    public Exception? End(Exception? produced, bool cancellation = false)
    {
        Produced = produced;
        ProducedCancellation = cancellation;
        Interlocked.Exchange(ref _exitSeq, Group.NextSeq());
        Ended = true;
        return produced;
    }

    /// <summary>Records an end the member did not choose: its actor was stopped by the group or the system.</summary>
    public void StoppedFromOutside()
    {
        Produced = null;
        Ended = true;
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
    private long _seq;

    /// <summary>Set by the test once the run has completed: releases the members that ignore their interrupt.</summary>
    public ManualResetEventSlim Release { get; } = new();

    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<string> Violations { get; } = new();

    public long NextSeq() => Interlocked.Increment(ref _seq);

    public void ReleaseAll()
    {
        Release.Set();
        Released.TrySetResult();
    }
}

/// <summary>The exceptions random members produce, each a distinct instance.</summary>
public sealed class ChaosException(string message) : Exception(message);
