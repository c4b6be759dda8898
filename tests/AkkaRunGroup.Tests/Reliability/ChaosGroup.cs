namespace AkkaRunGroup.Tests.Reliability;

/// <summary>Builds the RunGroup a <see cref="GroupSpec"/> describes, each member writing what it does to its <see cref="MemberRecord"/>.</summary>
public static class ChaosGroup
{
    /// <summary>
    /// Builds the group. Every member's delegates also hold <paramref name="anchor"/>, which nothing else references:
    /// once the run is over, it must become garbage, or something of the run outlived it. A member's interrupt
    /// records the group's state as it sees it.
    /// </summary>
    /// <param name="drain">The group's <c>WithDrainDelay</c>; null: none (the ActorSystem's setting).</param>
    /// <param name="sequential">The group starts its members with <c>StartOrder.Sequential</c>; else the ActorSystem's setting (concurrent).</param>
    public static RunGroup Build(string name, IReadOnlyList<MemberRecord> records, object anchor, bool reverse, TimeSpan? drain, bool sequential)
    {
        var group = new RunGroup(name);
        if (reverse)
        {
            group.WithInterruptOrder(InterruptOrder.Reverse);
        }

        if (sequential)
        {
            group.WithStartOrder(StartOrder.Sequential);
        }

        if (drain is { } delay)
        {
            group.WithDrainDelay(delay);
        }

        foreach (var record in records)
        {
            switch (record.Spec.Kind)
            {
                case MemberKind.Sync:
                    AddSync(group, record, anchor);
                    break;
                case MemberKind.Async:
                    AddAsync(group, record, anchor);
                    break;
                case MemberKind.Actor:
                    AddActor(group, record, anchor);
                    break;
                case MemberKind.Nested:
                    var nested = record.Spec.Nested!;
                    record.NestedGroup = Build(record.NestedName!, record.Children, anchor, nested.Reverse, nested.OwnDrain ? ChaosModel.LongDrain : null, nested.Sequential);
                    group.Add(record.NestedGroup, record.Name);
                    break;
                default:
                    // Never fires in the suite: no signal is sent to the test process. It must be interrupted like the others.
                    group.AddSignalHandler(record.Name);
                    break;
            }
        }

        return group;
    }

    /// <summary>The policy of a member that fails its first incarnations: short backoffs, a window longer than any run.</summary>
    private static RestartPolicy PolicyFor(MemberSpec spec) => RestartPolicy.OnFailure(
        spec.MaxRestarts, within: TimeSpan.FromMinutes(1), minBackoff: TimeSpan.FromMilliseconds(1), maxBackoff: TimeSpan.FromMilliseconds(2), jitter: 0);

    /// <summary>
    /// A failing incarnation: the one over the intensity is the member's exit (it takes an exit ticket), the others
    /// are restarted unless the group is interrupted by then.
    /// </summary>
    private static Exception Failing(MemberRecord r, int incarnation) =>
        incarnation > r.Spec.MaxRestarts ? r.End(r.Failures[incarnation - 1])! : r.Fail(r.Failures[incarnation - 1]);

    private static void AddSync(RunGroup group, MemberRecord r, object anchor)
    {
        var spec = r.Spec;
        Func<Exception?> execute = () =>
            {
                GC.KeepAlive(anchor);
                if (r.OnStart(dedicatedThread: true, group.State) is var n && n <= spec.Failures)
                {
                    return Failing(r, n);
                }

                switch (spec.Role)
                {
                    case Role.ExitsWhenInterrupted or Role.InterruptBlocks:
                        AwaitGate(r);
                        break;
                    case Role.IgnoresInterrupt:
                        r.Group.Release.Wait(RunGroupTestKit.Bound);
                        return r.End(null);
                }

                // The member's own work time, part of the random case: not a synchronisation.
                Pause(spec.DelayMs);
                return spec.Ending switch
                {
                    Ending.Clean => r.End(null),
                    Ending.Error => r.End(r.Error),
                    Ending.Wrapped => throw new AggregateException(r.End(r.Error)!),
                    Ending.Cancelled => throw r.End(new OperationCanceledException("m cancelled"))!,
                    _ => throw r.End(r.Error)!,
                };
            };
        Action<Exception?> interrupt = error =>
            {
                GC.KeepAlive(anchor);
                r.OnInterrupt(error, dedicatedThread: true, group.State);
                if (spec.Role == Role.InterruptBlocks)
                {
                    r.Group.Release.Wait(RunGroupTestKit.Bound);
                }

                r.OnInterruptReturning();
                if (spec.InterruptThrows)
                {
                    throw r.InterruptError;
                }
            };
        if (spec.MaxRestarts > 0)
        {
            group.Add(execute, interrupt, r.Name, PolicyFor(spec));
        }
        else
        {
            group.Add(execute, interrupt, r.Name);
        }
    }

    private static void AddAsync(RunGroup group, MemberRecord r, object anchor)
    {
        var spec = r.Spec;
        Action<Exception?>? interrupt = spec.HasInterrupt
            ? error =>
            {
                GC.KeepAlive(anchor);
                r.OnInterrupt(error, dedicatedThread: false, group.State);
                r.OnInterruptReturning();
                if (spec.InterruptThrows)
                {
                    throw r.InterruptError;
                }
            }
            : null;
        Func<CancellationToken, Task> execute = token =>
            {
                GC.KeepAlive(anchor);
                var n = r.OnStart(dedicatedThread: false, group.State);
                token.Register(static state => ((MemberRecord)state!).OnTokenCancelled(), r);
                if (n <= spec.Failures)
                {
                    return Task.FromException(Failing(r, n));
                }

                if (spec is { Role: Role.ExitsOnItsOwn, DelayMs: 0 })
                {
                    // No await at all: the task is already complete, or the execute throws before making one.
                    return EndAtOnce(r);
                }

                return ExecuteAsync(r, token);
            };
        if (spec.MaxRestarts > 0)
        {
            group.Add(execute, interrupt, r.Name, PolicyFor(spec));
        }
        else
        {
            group.Add(execute, interrupt, r.Name);
        }
    }

    private static Task EndAtOnce(MemberRecord r)
    {
        switch (r.Spec.Ending)
        {
            case Ending.Clean:
                r.End(null);
                return Task.CompletedTask;
            case Ending.Error:
                return Task.FromException(r.End(r.Error)!);
            case Ending.Wrapped:
                return Task.FromException(new AggregateException(r.End(r.Error)!));
            case Ending.Cancelled:
                r.End(null, cancellation: true);
                return Task.FromCanceled(new CancellationToken(canceled: true));
            default:
                throw r.End(r.Error)!;
        }
    }

    private static async Task ExecuteAsync(MemberRecord r, CancellationToken token)
    {
        var spec = r.Spec;
        switch (spec.Role)
        {
            case Role.ExitsWhenInterrupted when spec.HasInterrupt:
                await r.InterruptCalled.Task.WaitAsync(RunGroupTestKit.Bound, CancellationToken.None).ConfigureAwait(false);
                break;
            case Role.ExitsWhenInterrupted:
                await WaitForCancellationAsync(r, token).ConfigureAwait(false);
                break;
            case Role.IgnoresInterrupt:
                await r.Group.Released.Task.WaitAsync(RunGroupTestKit.Bound, CancellationToken.None).ConfigureAwait(false);
                r.End(null);
                return;
        }

        if (spec.DelayMs > 0)
        {
            // The member's own work time, part of the random case: not a synchronisation.
            await Task.Delay(spec.DelayMs, CancellationToken.None).ConfigureAwait(false);
        }

        switch (spec.Ending)
        {
            case Ending.Clean:
                r.End(null);
                return;
            case Ending.Wrapped:
                throw new AggregateException(r.End(r.Error)!);
            case Ending.Cancelled:
                r.End(null, cancellation: true);
                throw new OperationCanceledException("m cancelled");
            default:
                throw r.End(r.Error)!;
        }
    }

    private static async Task WaitForCancellationAsync(MemberRecord r, CancellationToken token)
    {
        try
        {
            await Task.Delay(RunGroupTestKit.Bound, token).ConfigureAwait(false);
            r.Group.Violations.Enqueue($"{r.Name}: its token was never cancelled");
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static void AddActor(RunGroup group, MemberRecord r, object anchor)
    {
        var spec = r.Spec;
        Func<Exception?, object>? interruptMessage = spec.HasInterrupt
            ? error =>
            {
                GC.KeepAlive(anchor);
                r.OnInterrupt(error, dedicatedThread: false, group.State);
                return spec.InterruptThrows ? throw r.InterruptError : ChaosActor.InterruptMessage;
            }
            : null;
        group.AddActor(ChaosActor.PropsFor(r, anchor), r.Name, interruptMessage);
    }

    private static void AwaitGate(MemberRecord r)
    {
        if (!r.Gate.Wait(RunGroupTestKit.Bound))
        {
            r.Group.Violations.Enqueue($"{r.Name}: its interrupt never came");
        }
    }

    private static void Pause(int ms)
    {
        if (ms > 0)
        {
            Thread.Sleep(ms);
        }
    }
}
