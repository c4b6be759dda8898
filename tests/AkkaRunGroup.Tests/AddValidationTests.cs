using Xunit.Abstractions;

namespace AkkaRunGroup.Tests;

/// <summary>Rule 9: a group runs once, and Add validates at the edge.</summary>
public sealed class AddValidationTests(ITestOutputHelper output) : RunGroupTestKit(output)
{
    [Fact]
    public void Null_arguments_throw_ArgumentNullException()
    {
        var group = new RunGroup();

        Assert.Throws<ArgumentNullException>(() => group.Add((Func<Exception?>)null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => group.Add(() => null, null!));
        Assert.Throws<ArgumentNullException>(() => group.Add((Func<CancellationToken, Task>)null!));
        Assert.Throws<ArgumentNullException>(() => group.AddActor(null!, "a"));
        Assert.Throws<ArgumentNullException>(() => group.AddActor(Props.Empty, null!));
        Assert.Throws<ArgumentNullException>(() => { _ = group.RunAsync((ActorSystem)null!); });
        Assert.Equal(0, group.Count);
    }

    [Fact]
    public void An_empty_name_throws_ArgumentException()
    {
        var group = new RunGroup();

        Assert.Throws<ArgumentException>(() => group.Add(_ => Task.CompletedTask, name: ""));
        Assert.Throws<ArgumentException>(() => group.AddActor(Props.Empty, ""));
    }

    [Fact]
    public void A_duplicate_name_throws_ArgumentException_naming_it()
    {
        var group = new RunGroup().Add(_ => Task.CompletedTask, name: "db");

        var error = Assert.Throws<ArgumentException>(() => group.Add(() => null, _ => { }, "db"));

        Assert.Contains("'db'", error.Message);
        Assert.Equal(1, group.Count);
    }

    [Fact]
    public async Task Default_names_are_unique_even_next_to_a_member_named_like_one()
    {
        var group = new RunGroup()
            .Add(_ => Task.CompletedTask)
            .Add(_ => Task.CompletedTask, name: "member-2")
            .Add(_ => Task.CompletedTask);

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Equal(["member-0", "member-2", "member-2-2"], result.Members.Select(m => m.Name));
    }

    [Fact]
    public async Task Odd_names_are_valid_and_kept_as_given()
    {
        string[] names = ["with space", "a/b", "$dollar", "ünïcødé ✓", new string('x', 10_000), "%41"];
        var group = new RunGroup("group / with $ odd name");
        foreach (var name in names)
        {
            group.Add(token => Task.Delay(Timeout.Infinite, token), name: name);
        }

        group.AddActor(Props.Create(() => new TestActors.Ignoring()), "actor with / odd name");
        group.Add(() => new Exception("done"), _ => { }, "stopper");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Equal([.. names, "actor with / odd name", "stopper"], result.Members.Select(m => m.Name));
        Assert.Equal("stopper", result.FirstExited);
    }

    [Fact]
    public async Task Add_after_RunAsync_began_throws_InvalidOperationException()
    {
        var group = new RunGroup().Add(_ => Task.CompletedTask);
        await group.RunAsync(Sys).Bounded();

        Assert.Throws<InvalidOperationException>(() => group.Add(_ => Task.CompletedTask));
        Assert.Throws<InvalidOperationException>(() => group.AddActor(Props.Empty, "late"));
    }

    [Fact]
    public async Task A_second_RunAsync_throws_InvalidOperationException()
    {
        var group = new RunGroup().Add(_ => Task.CompletedTask);
        await group.RunAsync(Sys).Bounded();

        Assert.Throws<InvalidOperationException>(() => { _ = group.RunAsync(Sys); });
        Assert.Throws<InvalidOperationException>(() => { _ = group.RunAsync(); });
    }

    [Fact]
    public async Task Two_groups_with_the_same_name_run_side_by_side()
    {
        var first = new RunGroup("same").Add(token => Task.Delay(Timeout.Infinite, token));
        var second = new RunGroup("same").Add(token => Task.Delay(Timeout.Infinite, token));
        using var cts = new CancellationTokenSource();

        var runs = new[] { first.RunAsync(Sys, cts.Token), second.RunAsync(Sys, cts.Token) };
        cts.Cancel();
        var results = await Task.WhenAll(runs).Bounded();

        Assert.All(results, r => Assert.IsAssignableFrom<OperationCanceledException>(r.Error));
    }
}
