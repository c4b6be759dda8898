using Xunit.Abstractions;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// Defect 7 of issue 13: an error whose members (Message, ToString, StackTrace) throw lost events. Every event of
/// such a run is published, at every log level.
/// </summary>
[Collection(DefectCollection.Name)]
public sealed class ThrowingErrorTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Theory]
    [InlineData("INFO", false)]
    [InlineData("INFO", true)]
    [InlineData("DEBUG", false)]
    [InlineData("DEBUG", true)]
    public async Task An_error_whose_members_throw_loses_no_event(string logLevel, bool everythingThrows)
    {
        var system = OwnActorSystems.Create($"throwing-{logLevel}", $"akka.loglevel = {logLevel}");
        try
        {
            var events = this.SubscribeToEvents(system);
            Exception thrown = everythingThrows ? new EverythingThrowsException() : new MessageThrowsException();
            var gate = new ManualResetEventSlim();
            var group = new RunGroup("throwing")
                .Add(token => Task.Delay(Timeout.Infinite, token), name: "a")
                .Add(() => thrown, _ => { }, "thrower")
                .Add(() => { gate.Wait(Bound); return null; }, _ => gate.Set(), "b");

            var result = await group.RunAsync(system).Bounded();

            var received = new List<RunGroupEvent>();
            while (received.LastOrDefault() is not GroupCompleted)
            {
                received.Add(events.ExpectMsg<RunGroupEvent>(Bound));
            }

            Assert.Same(thrown, result.Error);
            Assert.Equal("thrower", result.FirstExited);
            var interrupted = Assert.Single(received.OfType<GroupInterrupted>());
            Assert.Same(thrown, interrupted.Error);
            Assert.Equal(["a", "b", "thrower"], received.OfType<MemberExited>().Select(e => e.Member).Order());
        }
        finally
        {
            await system.Terminate().Bounded();
        }
    }

    /// <summary>
    /// Found by the random suite: Akka's supervision read a failing actor member's <c>Message</c> to log the failure,
    /// which failed the GroupSupervisor itself; it was restarted, started its members again, and lost the error.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_actor_member_failing_with_an_error_whose_members_throw_is_that_members_exit(bool everythingThrows)
    {
        Exception thrown = everythingThrows ? new EverythingThrowsException() : new MessageThrowsException();
        var starts = 0;
        var group = new RunGroup("throwing-actor")
            .Add(token => { Interlocked.Increment(ref starts); return Task.Delay(Timeout.Infinite, token); }, name: "a")
            .AddActor(Props.Create(() => new TestActors.FailingPreStart(thrown)), "thrower");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Same(thrown, result.Error);
        Assert.Equal("thrower", result.FirstExited);
        Assert.Same(thrown, result.Members[1].Error);
        Assert.Equal(1, starts);
    }
}
