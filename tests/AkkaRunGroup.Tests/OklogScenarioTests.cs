using Xunit;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>oklog/run's own tests and examples, ported.</summary>
public sealed class OklogScenarioTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task Zero_members_complete_at_once_with_no_error()
    {
        var result = await new RunGroup().RunAsync(Sys).Bounded();

        Assert.Null(result.Error);
        Assert.Null(result.FirstExited);
        Assert.Empty(result.Members);
    }

    [Fact]
    public async Task One_member_returning_an_error_gives_that_error()
    {
        var boom = new InvalidOperationException("boom");
        var group = new RunGroup().Add(() => boom, _ => { });

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Same(boom, result.Error);
        Assert.Equal("member-0", result.FirstExited);
    }

    [Fact]
    public async Task A_member_returning_at_once_stops_a_member_blocked_until_interrupted()
    {
        var boom = new InvalidOperationException("first");
        var release = new ManualResetEventSlim();
        var group = new RunGroup()
            .Add(() => boom, _ => { }, "quick")
            .Add(() => { release.WaitBounded(); return null; }, _ => release.Set(), "blocked");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Same(boom, result.Error);
        Assert.Equal("quick", result.FirstExited);
        Assert.True(result.Members[1].Interrupted);
    }

    [Fact]
    public async Task Every_interrupt_sees_the_first_error_including_the_member_that_returned_it()
    {
        var first = new Exception("returned by the first member");
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<string, Exception?>();
        var cancel = new ManualResetEventSlim();
        var group = new RunGroup()
            .Add(() => first, e => seen["returns"] = e, "returns")
            .Add(() => { cancel.WaitBounded(); return null; }, e => { seen["waits"] = e; cancel.Set(); }, "waits")
            .Add(async token => await Task.Delay(Timeout.Infinite, token), e => seen["async"] = e, "async");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Same(first, result.Error);
        Assert.Equal(3, seen.Count);
        Assert.All(seen.Values, e => Assert.Same(first, e));
    }

    [Fact]
    public async Task Cancellation_member_exits_with_OperationCanceledException_when_its_token_is_cancelled()
    {
        using var cts = new CancellationTokenSource();
        var other = new ManualResetEventSlim();
        var group = new RunGroup()
            .AddCancellation(cts.Token, "context")
            .Add(() => { other.WaitBounded(); return null; }, _ => other.Set(), "other");

        var run = group.RunAsync(Sys);
        cts.Cancel();
        var result = await run.Bounded();

        Assert.IsAssignableFrom<OperationCanceledException>(result.Error);
        Assert.Equal("context", result.FirstExited);
    }

    [Fact]
    public async Task Cancellation_member_exits_when_interrupted()
    {
        var boom = new Exception("boom");
        var group = new RunGroup()
            .AddCancellation(CancellationToken.None, "context")
            .Add(() => boom, _ => { }, "failing");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Same(boom, result.Error);
        var context = result.Members[0];
        Assert.True(context.Interrupted);
        Assert.IsAssignableFrom<OperationCanceledException>(context.Error);
    }
}
