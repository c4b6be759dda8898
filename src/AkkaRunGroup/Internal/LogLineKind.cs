using Akka.Event;

namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. A kind of log line of a run: its stable id and name, which every line of the kind carries
/// (<see cref="RunGroupLogMessage"/>), and its level. Each is declared once, in <see cref="LogLineKinds"/>.
/// </summary>
internal sealed record LogLineKind(int Id, string Name, LogLevel Level);
