using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AkkaRunGroup.Hosting.Tests.Reliability;

/// <summary>Runs one random hosted group under its own Generic Host and checks every invariant.</summary>
public sealed class HostedChaosRunner
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    /// <summary>Short enough to keep the test quick, long enough that no obedient member misses it on a loaded machine.</summary>
    public static readonly TimeSpan InterruptTimeout = TimeSpan.FromSeconds(2);

    private static long _groups;

    /// <summary>What the runs covered: printed after the test.</summary>
    public ConcurrentDictionary<string, int> Coverage { get; } = new();

    public async Task RunAsync(HostedGroupSpec spec)
    {
        var number = Interlocked.Increment(ref _groups);
        var tail = new string('x', spec.NameTail);
        var name = $"hosted-chaos-{number}-{(spec.UpperCase ? tail.ToUpperInvariant() : tail)}";
        var group = new HostedGroupRecord();
        var records = spec.Members.Select((m, i) => new HostedRecord(group, m, i)).ToArray();
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddAkka($"hosted-chaos-{number}", akka => akka
            .AddHocon("akka.loglevel = OFF\nakka.stdout-loglevel = OFF", HoconAddMode.Prepend)
            .WithRunGroup(new RunGroupHostingOptions
            {
                Name = name,
                InterruptTimeout = spec.HugeTimeout ? TimeSpan.MaxValue : InterruptTimeout,
                SetExitCode = false,
                Configure = (g, _, _) => Build(g, records),
            }));
        using var host = builder.Build();
        try
        {
            await host.StartAsync().WaitAsync(Bound);
            var handle = host.Services.GetRunGroup(name);
            var system = host.Services.GetRequiredService<ActorSystem>();
            if (spec.StopHostAfterMs >= 0)
            {
                // The random moment the host is stopped from outside: part of the case, not a synchronisation.
                await Task.Delay(spec.StopHostAfterMs);
                _ = host.StopAsync();
            }

            var result = await handle.Completion.WaitAsync(Bound + InterruptTimeout);
            // The group's completion stops the host, which terminates the ActorSystem.
            await host.WaitForShutdownAsync().WaitAsync(Bound);
            await system.WhenTerminated.WaitAsync(Bound);
            var violations = new List<string>();
            if (!ReferenceEquals(handle, host.Services.GetRunGroup(name.ToUpperInvariant())))
            {
                violations.Add("the group is not found under its name in another case");
            }

            Check(spec, records, result, violations);
            group.Released.TrySetResult();
            await CheckNothingLeftAsync(records, violations);
            Count(spec, result);
            if (violations.Count > 0)
            {
                throw new InvalidOperationException($"{string.Join("; ", violations)} | result: {result}");
            }
        }
        finally
        {
            group.Released.TrySetResult();
        }
    }

    private static void Build(RunGroup g, HostedRecord[] records)
    {
        foreach (var r in records)
        {
            switch (r.Spec.Kind)
            {
                case HostedKind.Service:
                    g.AddHostedService(new ChaosService(r), r.Name);
                    break;
                case HostedKind.Background:
                    g.AddHostedService(new ChaosBackgroundService(r), r.Name);
                    break;
                default:
                    g.Add(token => PlainAsync(r, token), name: r.Name);
                    break;
            }
        }
    }

    private static async Task PlainAsync(HostedRecord r, CancellationToken token)
    {
        r.OnStart(token);
        r.OnStop();
        switch (r.Spec.Role)
        {
            case HostedRole.StartThrows:
                throw r.End(r.Error)!;
            case HostedRole.ExitsOnItsOwn:
                await Task.Delay(r.Spec.DelayMs, CancellationToken.None);
                if (r.End(r.Spec.Clean ? null : r.Error) is { } error)
                {
                    throw error;
                }

                return;
            default:
                await Task.Delay(Timeout.Infinite, token);
                return;
        }
    }

    /// <summary>
    /// The first exit and its error; every member started once, its interrupt token cancelled once, stopped once
    /// unless its start threw; Abandoned exactly for the member that ignores its stopping token; each outcome's error
    /// the one the member produced.
    /// </summary>
    private static void Check(HostedGroupSpec spec, HostedRecord[] records, RunResult result, List<string> v)
    {
        void Expect(bool ok, string violation)
        {
            if (!ok)
            {
                v.Add(violation);
            }
        }

        var firstInterrupt = records.Min(r => r.InterruptSeq);
        if (result.FirstExited is null)
        {
            Expect(spec.StopHostAfterMs >= 0, "no member is named first, yet the host was not stopped");
            Expect(result.Error is OperationCanceledException { Message: "The host is stopping." }, $"the host stopped the group with {result.Error}");
        }
        else
        {
            var first = records.SingleOrDefault(r => r.Name == result.FirstExited);
            Expect(first is { Spec.ExitsOnItsOwn: true } && first.ExitSeq > 0 && first.ExitSeq < firstInterrupt, $"{result.FirstExited} is named first: {first?.Spec}, exit seq {first?.ExitSeq}, first interrupt seq {firstInterrupt}");
            Expect(first is not null && ReferenceEquals(result.Error, first.Produced), $"the run's error {result.Error?.Message} is not what {result.FirstExited} produced");
        }

        for (var i = 0; i < records.Length; i++)
        {
            var r = records[i];
            var o = result.Members[i];
            var startThrew = r.Spec.Role == HostedRole.StartThrows;
            var neverExecuted = r.Spec.Kind == HostedKind.Background && !startThrew && !r.Executed;
            var ignores = r.Spec.Role == HostedRole.IgnoresStoppingToken && !neverExecuted;
            Expect(o.Name == r.Name && o.Started && o.Abandoned == ignores, $"{r.Name} ({r.Spec}): {o}");
            Expect(r.Starts == 1 && r.Interrupts == 1, $"{r.Name}: started {r.Starts} times, interrupt token cancelled {r.Interrupts} times");
            Expect(r.Stops == (startThrew && r.Spec.Kind != HostedKind.Plain ? 0 : 1), $"{r.Name} ({r.Spec}): StopAsync called {r.Stops} times");
            var endedItself = r.ExitSeq > 0 && r.ExitSeq < r.InterruptSeq;
            var expected = neverExecuted ? o.Error is OperationCanceledException
                : ignores ? o.Error is null
                : endedItself || startThrew || r.Spec.Role == HostedRole.ThrowsAtOnce ? ReferenceEquals(o.Error, r.Produced)
                : o.Error is OperationCanceledException || (r.ExitSeq > 0 && ReferenceEquals(o.Error, r.Produced));
            Expect(expected, $"{r.Name} ({r.Spec}): outcome error {o.Error?.GetType().Name}: {o.Error?.Message}");
        }
    }

    /// <summary>Once released, every ExecuteAsync has ended: nothing of the run still runs.</summary>
    private static async Task CheckNothingLeftAsync(HostedRecord[] records, List<string> v)
    {
        foreach (var r in records)
        {
            if (r.Execute is { } execute && !await Task.WhenAny(execute, Task.Delay(Bound)).ContinueWith(t => t.Result == execute))
            {
                v.Add($"{r.Name}: its ExecuteAsync still runs once released");
            }
        }
    }

    private void Count(HostedGroupSpec spec, RunResult result)
    {
        void Add(string key, int n = 1) => Coverage.AddOrUpdate(key, n, (_, c) => c + n);
        Add(result.FirstExited is null ? "groups stopped by the host" : "groups ended by a member");
        Add("abandoned members", result.Members.Count(m => m.Abandoned));
        Add("groups with an interrupt timeout of TimeSpan.MaxValue", spec.HugeTimeout ? 1 : 0);
        Add("groups with a name over 100 characters", spec.NameTail > 90 ? 1 : 0);
        foreach (var m in spec.Members)
        {
            Add($"{m.Kind} {m.Role}");
        }
    }
}
