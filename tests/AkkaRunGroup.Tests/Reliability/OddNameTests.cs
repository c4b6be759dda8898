using Xunit.Abstractions;

namespace AkkaRunGroup.Tests.Reliability;

/// <summary>
/// Defect 2 of issue 13: member names whose actor names collide once escaped or cut. Such members run side by side as
/// distinct members.
/// </summary>
[Collection(DefectCollection.Name)]
public sealed class OddNameTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public async Task Lone_surrogates_and_the_replacement_character_run_side_by_side_as_distinct_members()
    {
        // Each escapes to %EF%BF%BD.
        string[] names = ["\uD800", "\uDC00", "\uFFFD"];
        await RunsSideBySideAsync("escaped-alike", names);
    }

    [Fact]
    public async Task A_long_name_and_a_name_spelled_like_its_cut_form_run_side_by_side()
    {
        // Escaped, the long name is 118 a's, "%20" and more: cut before the escape and made unique by its index, its
        // actor name is 118 a's and "~0", which is also the second name, short enough to be kept as it is.
        string[] names = [new string('a', 118) + " " + new string('b', 200), new string('a', 118) + "~0"];
        await RunsSideBySideAsync("cut-alike", names);
    }

    /// <summary>
    /// Runs members named <paramref name="names"/> beside a member that stops the group, and checks that every one
    /// started as a member of its own and that the stopper's exit decided the run.
    /// </summary>
    private async Task RunsSideBySideAsync(string groupName, string[] names)
    {
        var stop = new InvalidOperationException("stop");
        var group = SideBySide(groupName, names, stop, out var starts);

        var result = await group.RunAsync(Sys).Bounded();

        AssertNoInvalidActorName(result);
        Assert.Equal(names.Length, starts());
        Assert.All(result.Members, m => Assert.True(m.Started, m.Name));
        Assert.Same(stop, result.Error);
        Assert.Equal("stopper", result.FirstExited);
        Assert.Equal([.. names, "stopper"], result.Members.Select(m => m.Name));
    }

    /// <summary>
    /// A group of members named <paramref name="names"/> that count their starts and wait to be interrupted, and a
    /// last member, "stopper", that exits with <paramref name="stop"/> once they have all started.
    /// </summary>
    private static RunGroup SideBySide(string groupName, string[] names, Exception stop, out Func<int> starts)
    {
        var started = new int[1];
        var allStarted = BoundedWaits.NewTcs<bool>();
        var group = new RunGroup(groupName);
        foreach (var name in names)
        {
            group.Add(
                token =>
                {
                    if (Interlocked.Increment(ref started[0]) == names.Length)
                    {
                        allStarted.TrySetResult(true);
                    }

                    return Task.Delay(Timeout.Infinite, token);
                },
                name: name);
        }

        group.Add(async token => { await allStarted.Task.WaitAsync(token); throw stop; }, name: "stopper");
        starts = () => Volatile.Read(ref started[0]);
        return group;
    }

    private static void AssertNoInvalidActorName(RunResult result)
    {
        var refused = result.Error is InvalidActorNameException
            || result.Members.Any(m => m.Error is InvalidActorNameException || m.InterruptError is InvalidActorNameException);
        Assert.False(refused, $"{result} | {string.Join(" | ", result.Members)}");
    }
}
