using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>A group's own interrupt timeout (<see cref="RunGroup.WithInterruptTimeout"/>), in a system whose setting is infinite.</summary>
public sealed class GroupInterruptTimeoutTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task A_groups_own_interrupt_timeout_bounds_its_run_instead_of_the_setting()
    {
        using var ignore = new ManualResetEventSlim();
        var group = new RunGroup("own-timeout")
            .WithInterruptTimeout(TimeSpan.FromMilliseconds(200))
            .Add(() => new Exception("first"), _ => { }, "first")
            .Add(() => { ignore.WaitBounded(); return null; }, _ => { }, "deaf");

        var result = await group.RunAsync(Sys).Bounded();
        ignore.Set();

        Assert.Equal(["deaf"], result.Abandoned.Select(m => m.Name));
        Assert.True(result.Members[1].Interrupted);
    }

    [Fact]
    public async Task A_nested_group_without_a_timeout_of_its_own_uses_its_parents()
    {
        using var ignore = new ManualResetEventSlim();
        var inner = new RunGroup("inner").Add(() => { ignore.WaitBounded(); return null; }, _ => { }, "deaf");
        var outer = new RunGroup("outer")
            .WithInterruptTimeout(TimeSpan.FromMilliseconds(150))
            .Add(() => new Exception("first"), _ => { }, "first")
            .Add(inner);

        // Whichever of the two runs reaches the timeout first, the nested run's own bound is its parent's.
        await EventFilter.Warning(contains: "Run group 'inner': interrupt timeout of 00:00:00.1500000 elapsed").ExpectOneAsync(
            async () => await outer.RunAsync(Sys).Bounded());
        ignore.Set();
    }

    [Fact]
    public void A_timeout_that_is_zero_or_negative_or_set_after_the_run_is_refused()
    {
        var group = new RunGroup();

        Assert.Throws<ArgumentOutOfRangeException>(() => group.WithInterruptTimeout(TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => group.WithInterruptTimeout(TimeSpan.FromSeconds(-1)));
        Assert.Same(group, group.WithInterruptTimeout(Timeout.InfiniteTimeSpan));
        _ = group.RunAsync(Sys);
        Assert.Throws<InvalidOperationException>(() => group.WithInterruptTimeout(TimeSpan.FromSeconds(1)));
    }
}
