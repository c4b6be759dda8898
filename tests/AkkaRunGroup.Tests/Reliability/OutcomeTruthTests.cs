using Xunit.Abstractions;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// Defects 5 and 6 of issue 13: a returned AggregateException was unwrapped, and an abandoned member said it was not
/// interrupted. The outcomes tell the truth: the error as returned, and an abandoned member as interrupted.
/// </summary>
[Collection(DefectCollection.Name)]
public sealed class OutcomeTruthTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task A_returned_AggregateException_is_the_error_itself_not_its_inner_exception()
    {
        var returned = new AggregateException(new TimeoutException("inner"));

        var result = await new RunGroup().Add(() => returned, _ => { }, "returning").RunAsync(Sys).Bounded();

        Assert.Same(returned, result.Members[0].Error);
        Assert.Same(returned, result.Error);
    }

    [Fact]
    public async Task A_member_abandoned_after_ignoring_its_interrupt_reports_that_it_was_interrupted()
    {
        var system = OwnActorSystems.Create("abandoning", "akka.run-group.interrupt-timeout = 1s");
        var release = new ManualResetEventSlim();
        try
        {
            var started = BoundedWaits.NewTcs<bool>();
            var interrupted = BoundedWaits.NewTcs<bool>();
            var group = new RunGroup("deaf-group")
                .Add(() => { started.TrySetResult(true); release.Wait(Bound); return null; }, _ => interrupted.TrySetResult(true), "deaf")
                .Add(() => { started.Task.Wait(Bound); return new Exception("first"); }, _ => { }, "first");

            var result = await group.RunAsync(system).Bounded();

            await interrupted.Task.Bounded();
            var deaf = result.Members[0];
            Assert.True(deaf.Abandoned);
            Assert.True(deaf.Interrupted, deaf.ToString());
        }
        finally
        {
            release.Set();
            await system.Terminate().Bounded();
        }
    }

    [Fact]
    public async Task An_abandoned_nested_group_is_reported_as_interrupted_in_every_run()
    {
        var system = OwnActorSystems.Create("abandoning-nested", "akka.run-group.interrupt-timeout = 1s");
        var release = new ManualResetEventSlim();
        try
        {
            var printed = new List<string>();
            for (var i = 0; i < 10; i++)
            {
                var started = BoundedWaits.NewTcs<bool>();
                var inner = new RunGroup($"inner-{i}")
                    .Add(() => { started.TrySetResult(true); release.Wait(Bound); return null; }, _ => { }, "deaf");
                var outer = new RunGroup($"outer-{i}")
                    .Add(inner, "nested")
                    .Add(() => { started.Task.Wait(Bound); return new Exception("first"); }, _ => { }, "first");

                var result = await outer.RunAsync(system).Bounded();

                printed.Add(result.Members[0].ToString());
            }

            Output!.WriteLine(string.Join(Environment.NewLine, printed));
            Assert.All(printed, p => Assert.StartsWith("nested: interrupted, ", p));
        }
        finally
        {
            release.Set();
            await system.Terminate().Bounded();
        }
    }
}
