using AkkaRunGroup.Internal;
using Xunit.Abstractions;

namespace AkkaRunGroup.Tests.Internal;

/// <summary>The ordering of an executing member's start and interrupt, driven by hand.</summary>
public sealed class ExecutingMemberTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public void An_interrupt_requested_before_the_execute_started_is_dispatched_when_it_starts()
    {
        var member = NewMember();

        member.RequestInterrupt(new Exception("early"));
        Assert.Equal(0, member.Dispatches);

        member.BeginExecute();
        Assert.Equal(1, member.Dispatches);
        Assert.Equal("early", member.Cause!.Message);
    }

    [Fact]
    public void An_interrupt_requested_after_the_execute_started_is_dispatched_at_once()
    {
        var member = NewMember();

        member.BeginExecute();
        member.RequestInterrupt(null);

        Assert.Equal(1, member.Dispatches);
    }

    [Fact]
    public void Only_the_first_interrupt_request_counts()
    {
        var member = NewMember();
        member.BeginExecute();

        member.RequestInterrupt(new Exception("first"));
        member.RequestInterrupt(new Exception("second"));

        Assert.Equal(1, member.Dispatches);
        Assert.Equal("first", member.Cause!.Message);
    }

    [Fact]
    public async Task Racing_start_and_interrupt_dispatch_exactly_once()
    {
        for (var i = 0; i < 2_000; i++)
        {
            var member = NewMember();
            using var go = new Barrier(2);
            var starter = Task.Run(() => { go.SignalAndWait(); member.BeginExecute(); });
            var interrupter = Task.Run(() => { go.SignalAndWait(); member.RequestInterrupt(null); });
            await Task.WhenAll(starter, interrupter).Bounded();

            Assert.Equal(1, member.Dispatches);
        }
    }

    private ManualMember NewMember()
    {
        var member = new ManualMember();
        member.Bind(new GroupRun("manual", [member], RunGroupSettings.Create(Sys), Sys));
        return member;
    }

    /// <summary>A member whose execute the test starts by hand and whose interrupt dispatches are counted.</summary>
    private sealed class ManualMember() : ExecutingMember("manual")
    {
        private int _dispatches;

        public int Dispatches => Volatile.Read(ref _dispatches);

        public Exception? Cause => InterruptCause;

        public void BeginExecute() => OnExecuteStarting();

        protected override void StartExecute()
        {
        }

        protected override void DispatchInterrupt() => Interlocked.Increment(ref _dispatches);
    }
}
