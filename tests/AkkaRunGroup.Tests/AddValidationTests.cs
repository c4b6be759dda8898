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
        Assert.Throws<ArgumentNullException>(() => { _ = group.RunAsync((ActorSystem)null!); });
        Assert.Equal(0, group.Count);
    }

    [Fact]
    public void An_empty_member_name_throws_ArgumentException()
    {
        var group = new RunGroup();

        Assert.Throws<ArgumentException>(() => group.Add(_ => Task.CompletedTask, name: ""));
        Assert.Throws<ArgumentException>(() => group.Add(() => null, _ => { }, ""));
        Assert.Throws<ArgumentException>(() => group.AddActor(Props.Empty, ""));
        Assert.Throws<ArgumentException>(() => group.AddCancellation(CancellationToken.None, ""));
        Assert.Equal(0, group.Count);
    }

    [Fact]
    public void An_empty_group_name_throws_ArgumentException_as_an_empty_member_name_does()
    {
        var error = Assert.Throws<ArgumentException>(() => new RunGroup(""));

        Assert.Equal("name", error.ParamName);
    }

    [Fact]
    public void A_group_without_a_name_is_named_run_group_and_a_blank_name_is_kept_as_given_as_a_members_is()
    {
        Assert.Equal("run-group", new RunGroup().Name);
        Assert.Equal("run-group", new RunGroup(null).Name);
        Assert.Equal(" ", new RunGroup(" ").Name);
    }

    [Fact]
    public async Task An_actor_member_without_a_name_gets_a_default_name_as_the_other_members_do()
    {
        var group = new RunGroup()
            .Add(token => Task.Delay(Timeout.Infinite, token))
            .AddActor(Props.Create(() => new TestActors.Ignoring()))
            .AddActor(Props.Create(() => new TestActors.Ignoring()), interruptMessage: null)
            .Add(() => new Exception("done"), _ => { }, "stopper");

        var result = await group.RunAsync(Sys).Bounded();

        Assert.Equal(["member-0", "member-1", "member-2", "stopper"], result.Members.Select(m => m.Name));
        Assert.Equal("stopper", result.FirstExited);
    }

    [Fact]
    public async Task An_async_member_takes_the_token_so_that_its_lambda_binds_to_the_asynchronous_Add()
    {
        // An "async () => ..." lambda binds to the oklog-style Add(Func<Exception?>, ...), which it cannot convert to
        // (CS1643). An Add(Func<Task>, ...) overload would fix that and make "() => null" ambiguous (CS0121) in every
        // oklog-style call, so there is none: the asynchronous form takes the token, "async token => ...".
        Assert.DoesNotContain(
            typeof(RunGroup).GetMethods(),
            m => m.Name == nameof(RunGroup.Add) && m.GetParameters() is [{ ParameterType: var execute }, ..] && execute == typeof(Func<Task>));
        var ran = BoundedWaits.NewTcs<bool>();
        var group = new RunGroup().Add(async token =>
        {
            await Task.Yield();
            ran.TrySetResult(true);
        });

        var result = await group.RunAsync(Sys).Bounded();

        Assert.True(await ran.Task.Bounded());
        Assert.Null(result.Error);
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
