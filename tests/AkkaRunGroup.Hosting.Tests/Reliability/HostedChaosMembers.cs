using Microsoft.Extensions.Hosting;

namespace AkkaRunGroup.Hosting.Tests.Reliability;

/// <summary>What one random hosted member did, written by the member itself.</summary>
public sealed class HostedRecord(HostedGroupRecord group, HostedSpec spec, int index)
{
    private int _starts;
    private int _stops;
    private int _interrupts;
    private int _executes;
    private long _exitSeq;
    private long _interruptSeq = long.MaxValue;

    public HostedSpec Spec { get; } = spec;

    public string Name { get; } = $"h{index}";

    public Exception Error { get; } = new HostedChaosException($"h{index} fails");

    public HostedGroupRecord Group { get; } = group;

    public int Starts => Volatile.Read(ref _starts);

    public int Stops => Volatile.Read(ref _stops);

    public int Interrupts => Volatile.Read(ref _interrupts);

    /// <summary>
    /// Whether a BackgroundService's ExecuteAsync began. Since .NET 10 BackgroundService runs it with Task.Run on its
    /// stopping token, so a member interrupted before the thread pool got to it never runs it.
    /// </summary>
    public bool Executed => Volatile.Read(ref _executes) > 0;

    public long ExitSeq => Interlocked.Read(ref _exitSeq);

    public long InterruptSeq => Interlocked.Read(ref _interruptSeq);

    /// <summary>The error the member ended with by itself (null: clean); meaningful once it ended by itself.</summary>
    public Exception? Produced { get; private set; }

    /// <summary>A BackgroundService's ExecuteAsync task, to check that it ended once released.</summary>
    public Task? Execute { get; set; }

    /// <summary>Records the start, and registers on the member's interrupt token (StartAsync's token, or a plain member's).</summary>
    public void OnStart(CancellationToken interrupted)
    {
        Interlocked.Increment(ref _starts);
        interrupted.Register(static state => ((HostedRecord)state!).OnInterrupted(), this);
    }

    public void OnStop() => Interlocked.Increment(ref _stops);

    public void OnExecute() => Interlocked.Increment(ref _executes);

    /// <summary>Records the member's own end just before it happens; returns its error (null: clean).</summary>
    public Exception? End(Exception? produced)
    {
        Produced = produced;
        Interlocked.Exchange(ref _exitSeq, Group.NextSeq());
        return produced;
    }

    private void OnInterrupted()
    {
        Interlocked.CompareExchange(ref _interruptSeq, Group.NextSeq(), long.MaxValue);
        Interlocked.Increment(ref _interrupts);
    }
}

/// <summary>One random hosted group's sequence clock and the release of its members that ignore their token.</summary>
public sealed class HostedGroupRecord
{
    private long _seq;

    public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long NextSeq() => Interlocked.Increment(ref _seq);
}

/// <summary>The exceptions random hosted members produce, each a distinct instance.</summary>
public sealed class HostedChaosException(string message) : Exception(message);

/// <summary>An IHostedService that runs between its start and its stop; its start may throw.</summary>
public sealed class ChaosService(HostedRecord r) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        r.OnStart(cancellationToken);
        return r.Spec.Role == HostedRole.StartThrows ? throw r.End(r.Error)! : Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        r.OnStop();
        return Task.CompletedTask;
    }
}

/// <summary>A BackgroundService that plays its <see cref="HostedSpec"/>.</summary>
public sealed class ChaosBackgroundService(HostedRecord r) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        r.OnStart(cancellationToken);
        if (r.Spec.Role == HostedRole.StartThrows)
        {
            throw r.End(r.Error)!;
        }

        var started = base.StartAsync(cancellationToken);
        r.Execute = ExecuteTask;
        return started;
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        r.OnStop();
        return base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        r.OnExecute();
        return r.Spec.Role switch
        {
            // As an async ExecuteAsync that throws before its first await.
            HostedRole.ThrowsAtOnce => Task.FromException(r.End(r.Error)!),
            _ => RunAsync(stoppingToken),
        };
    }

    private async Task RunAsync(CancellationToken stoppingToken)
    {
        switch (r.Spec.Role)
        {
            case HostedRole.ExitsOnItsOwn:
                // Its own work time, part of the random case: not a synchronisation.
                await Task.Delay(r.Spec.DelayMs, CancellationToken.None);
                if (r.End(r.Spec.Clean ? null : r.Error) is { } error)
                {
                    throw error;
                }

                return;
            case HostedRole.IgnoresStoppingToken:
                await r.Group.Released.Task.WaitAsync(HostedChaosRunner.Bound);
                return;
            default:
                await Task.Delay(Timeout.Infinite, stoppingToken);
                return;
        }
    }
}
