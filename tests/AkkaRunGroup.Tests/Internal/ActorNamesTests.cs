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
    public void Any_name_maps_to_a_valid_actor_path_element(string name)
    {
        var actorName = ActorNames.ForMember(name, 3);

        Assert.True(ActorPath.IsValidPathElement(actorName), actorName);
    }

    [Fact]
    public void Distinct_names_map_to_distinct_actor_names()
    {
        Assert.NotEqual(ActorNames.ForMember("a/b", 0), ActorNames.ForMember("a%2Fb", 1));
        Assert.NotEqual(ActorNames.ForMember("a b", 0), ActorNames.ForMember("a+b", 1));
    }

    [Fact]
    public void A_very_long_name_is_cut_and_made_unique_by_its_index()
    {
        var longName = new string('ä', 10_000);

        var first = ActorNames.ForMember(longName, 1);
        var second = ActorNames.ForMember(longName + "x", 2);

        Assert.True(ActorPath.IsValidPathElement(first), first);
        Assert.True(first.Length < 200);
        Assert.NotEqual(first, second);
    }
}
