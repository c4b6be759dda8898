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

    [Fact]
    public void An_interrupt_message_runs_the_interrupt_on_the_receiving_thread_where_the_member_allows_it()
    {
        var member = NewMember(interruptOnMemberActor: true);
        member.BeginExecute();

        member.OnInterruptMessage(new Exception("message"));

        Assert.Equal(0, member.Dispatches);
        Assert.Equal([Environment.CurrentManagedThreadId], member.InvokedOn);
        Assert.Equal("message", member.Cause!.Message);
    }

    [Fact]
    public void An_interrupt_message_is_dispatched_where_the_member_does_not_allow_it_on_the_receiving_thread()
    {
        var member = NewMember(interruptOnMemberActor: false);
        member.BeginExecute();

        member.OnInterruptMessage(null);

        Assert.Equal(1, member.Dispatches);
        Assert.Empty(member.InvokedOn);
    }

    [Fact]
    public void An_interrupt_message_before_the_execute_started_leaves_the_interrupt_to_the_start()
    {
        var member = NewMember(interruptOnMemberActor: true);

        member.OnInterruptMessage(null);
        Assert.Equal(0, member.Dispatches + member.InvokedOn.Count);

        // The execute's thread must not run the interrupt before its execute: it dispatches it.
        member.BeginExecute();
        Assert.Equal(1, member.Dispatches);
        Assert.Empty(member.InvokedOn);
    }

    [Fact]
    public async Task Racing_start_message_and_request_run_the_interrupt_exactly_once()
    {
        for (var i = 0; i < 2_000; i++)
        {
            var member = NewMember(interruptOnMemberActor: true);
            using var go = new Barrier(3);
            var starter = Task.Run(() => { go.SignalAndWait(); member.BeginExecute(); });
            var message = Task.Run(() => { go.SignalAndWait(); member.OnInterruptMessage(null); });
            var request = Task.Run(() => { go.SignalAndWait(); member.RequestInterrupt(null); });
            await Task.WhenAll(starter, message, request).Bounded();

            Assert.Equal(1, member.Dispatches + member.InvokedOn.Count);
        }
    }

    [Fact]
    public async Task The_start_message_and_a_stopped_actors_fallback_start_the_execute_exactly_once()
    {
        for (var i = 0; i < 2_000; i++)
        {
            var member = NewMember(interruptOnMemberActor: true);
            using var go = new Barrier(2);
            var message = Task.Run(() => { go.SignalAndWait(); member.OnStartMessage(); });
            var fallback = Task.Run(() => { go.SignalAndWait(); member.EnsureStarted(); });
            await Task.WhenAll(message, fallback).Bounded();

            Assert.Equal(1, member.ExecutesOnThisThread + member.ExecutesStarted);
        }
    }

    [Fact]
    public void A_start_message_after_the_fallback_started_the_execute_does_nothing()
    {
        var member = NewMember(interruptOnMemberActor: true);

        member.EnsureStarted();
        member.OnStartMessage();
        member.EnsureStarted();

        Assert.Equal(1, member.ExecutesStarted);
        Assert.Equal(0, member.ExecutesOnThisThread);
    }

    private ManualMember NewMember(bool interruptOnMemberActor = false)
    {
        var member = new ManualMember(interruptOnMemberActor);
        member.Bind(new GroupRun("manual", [member], RunGroupSettings.Create(Sys), Sys));
        return member;
    }

    /// <summary>
    /// A member whose execute the test starts by hand; its interrupt dispatches are counted, and the threads that run
    /// its interrupt in place are recorded.
    /// </summary>
    private sealed class ManualMember(bool interruptOnMemberActor) : ExecutingMember("manual")
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<int> _invokedOn = new();
        private int _dispatches;
        private int _executesStarted;
        private int _executesOnThisThread;

        public int Dispatches => Volatile.Read(ref _dispatches);

        public int ExecutesStarted => Volatile.Read(ref _executesStarted);

        public int ExecutesOnThisThread => Volatile.Read(ref _executesOnThisThread);

        public IReadOnlyCollection<int> InvokedOn => _invokedOn;

        protected override bool MayRunOnMemberActor => interruptOnMemberActor;

        public Exception? Cause => InterruptCause;

        public void BeginExecute() => OnExecuteStarting();

        protected override void StartExecute() => Interlocked.Increment(ref _executesStarted);

        protected override void ExecuteOnThisThread() => Interlocked.Increment(ref _executesOnThisThread);

        protected override void DispatchInterrupt() => Interlocked.Increment(ref _dispatches);

        protected override void InvokeInterrupt() => _invokedOn.Enqueue(Environment.CurrentManagedThreadId);
    }
}
