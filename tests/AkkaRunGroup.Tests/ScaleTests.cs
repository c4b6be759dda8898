using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>Many members, and many groups racing: the rules hold at scale.</summary>
public sealed class ScaleTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task Ten_thousand_async_members_are_each_interrupted_exactly_once()
    {
        const int n = 10_000;
        var interrupts = new int[n];
        var group = new RunGroup("ten-thousand");
        var first = new Exception("member 0");
        group.Add(_ => Task.FromException(first), _ => Interlocked.Increment(ref interrupts[0]));
        for (var i = 1; i < n; i++)
        {
            var index = i;
            var interrupted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            group.Add(_ => interrupted.Task, _ => { Interlocked.Increment(ref interrupts[index]); interrupted.TrySetResult(); });
        }

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Same(first, result.Error);
        Assert.Equal("member-0", result.FirstExited);
        Assert.All(interrupts, c => Assert.Equal(1, c));
        Assert.Equal(n - 1, result.Members.Count(m => m.Interrupted));
    }

    [Fact]
    public async Task Racing_exits_have_one_winner_and_every_interrupt_runs_once()
    {
        const int groups = 200;
        const int members = 6;
        var runs = new List<Task<RunResult>>();
        var interrupts = new ConcurrentDictionary<(int, int), int>();
        var errors = new Exception[groups, members];
        var interruptErrors = new ConcurrentDictionary<(int, int), Exception?>();
        for (var g = 0; g < groups; g++)
        {
            var group = new RunGroup($"race-{g}");
            for (var m = 0; m < members; m++)
            {
                var key = (g, m);
                var error = errors[g, m] = new Exception($"{g}/{m}");
                // Every member returns at once, half of them on dedicated threads, half on the pool.
                if (m % 2 == 0)
                {
                    group.Add(() => error, e => { interrupts.AddOrUpdate(key, 1, (_, c) => c + 1); interruptErrors[key] = e; });
                }
                else
                {
                    group.Add(_ => Task.FromException(error), e => { interrupts.AddOrUpdate(key, 1, (_, c) => c + 1); interruptErrors[key] = e; });
                }
            }

            runs.Add(group.RunAsync(Sys));
        }

        var results = await Task.WhenAll(runs).Bounded();

        for (var g = 0; g < groups; g++)
        {
            var result = results[g];
            var winner = result.Members.Single(m => m.Name == result.FirstExited);
            var winnerIndex = result.Members.ToList().IndexOf(winner);
            Assert.Same(errors[g, winnerIndex], result.Error);
            for (var m = 0; m < members; m++)
            {
                Assert.Equal(1, interrupts[(g, m)]);
                Assert.Same(result.Error, interruptErrors[(g, m)]);
                Assert.Same(errors[g, m], result.Members[m].Error);
            }
        }
    }
}
