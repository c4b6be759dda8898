namespace AkkaRunGroup.Tests.Reliability;

/// <summary>Collects the RunGroupEvents of an ActorSystem by group, in the order the EventStream delivered them.</summary>
public sealed class EventCollector : ReceiveActor
{
    private readonly Dictionary<string, List<RunGroupEvent>> _byGroup = new(StringComparer.Ordinal);

    public EventCollector()
    {
        Receive<RunGroupEvent>(e =>
        {
            if (!_byGroup.TryGetValue(e.Group, out var events))
            {
                _byGroup[e.Group] = events = [];
            }

            events.Add(e);
        });
        // Sent once the group's run has completed: every event of the run was published before that, so is here.
        Receive<Take>(take =>
        {
            _byGroup.Remove(take.Group, out var events);
            Sender.Tell(events ?? []);
        });
    }

    /// <summary>Asks for (and forgets) a group's events.</summary>
    public sealed record Take(string Group);
}
