using AkkaRunGroup.Internal;

namespace AkkaRunGroup.Tests.Internal;

public sealed class ActorNamesTests
{
    [Theory]
    [InlineData("db")]
    [InlineData("http server")]
    [InlineData("a/b")]
    [InlineData("$system")]
    [InlineData("ünïcødé ✓")]
    [InlineData("%41")]
    [InlineData("#?&=")]
    [InlineData("\uD800")]
    public void Any_name_maps_to_a_valid_actor_path_element(string name)
    {
        var actorName = ActorNames.ForMembers(Members(name))[0];

        Assert.True(ActorPath.IsValidPathElement(actorName), actorName);
    }

    [Fact]
    public void Distinct_names_map_to_distinct_actor_names()
    {
        var names = ActorNames.ForMembers(Members("a/b", "a%2Fb", "a b", "a+b"));

        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Fact]
    public void Names_that_escape_or_cut_alike_still_get_distinct_actor_names()
    {
        var cut = new string('a', 200);
        var names = ActorNames.ForMembers(Members("\uD800", "\uDC00", "\uFFFD", cut, new string('a', 120), new string('a', 108) + "~4", cut + "b"));

        Assert.Equal(names.Length, names.Distinct(StringComparer.Ordinal).Count());
        Assert.All(names, n => Assert.True(ActorPath.IsValidPathElement(n), n));
        Assert.All(names, n => Assert.True(n.Length <= 120, n));
    }

    [Fact]
    public void A_very_long_name_is_cut_to_a_valid_path_element()
    {
        var actorName = ActorNames.ForMembers(Members(new string('ä', 10_000)))[0];

        Assert.True(ActorPath.IsValidPathElement(actorName), actorName);
        Assert.True(actorName.Length <= 120);
    }

    private static Member[] Members(params string[] names) =>
        [.. names.Select((n, i) => new UserActorMember(n, i, Props.Empty, null, reportsReady: false))];
}
