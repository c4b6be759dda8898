namespace AkkaRunGroup.ClusterService.Tests;

/// <summary>
/// The service's JSON answer for a counter: <c>{"id","value","node","entityNode"}</c> for an increment, the node that
/// answered and the node the counter runs on; a GET has only the id and the value.
/// </summary>
public sealed record CounterAnswer(string Id, long Value, string? Node, string? EntityNode);
