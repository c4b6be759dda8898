using System.Runtime.CompilerServices;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The validated settings of each ActorSystem, read once per system instead of once per run: reading
/// HOCON costs more than a whole small run. A system's configuration does not change after it is created, and
/// settings that fail validation are never cached, so every run on a misconfigured system still throws.
/// </summary>
internal static class SettingsCache
{
    private static readonly ConditionalWeakTable<ActorSystem, RunGroupSettings> BySystem = new();

    public static RunGroupSettings For(ActorSystem system) =>
        BySystem.TryGetValue(system, out var settings) ? settings : BySystem.GetValue(system, RunGroupSettings.Create);
}
