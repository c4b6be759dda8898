using System.Reflection;
using Akka.Actor;

namespace AkkaRunGroup.Internal;

/// <summary>INTERNAL API. Turns the wrappers that tasks, reflection and Akka put around an error back into the error.</summary>
internal static class Errors
{
    public static Exception? Unwrap(Exception? error)
    {
        while (true)
        {
            switch (error)
            {
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    error = aggregate.InnerExceptions[0];
                    break;
                // Akka wraps a constructor's exception as TypeLoadException(error), or TypeLoadException(
                // TargetInvocationException(error)) when made by reflection, inside an ActorInitializationException.
                case ActorInitializationException { InnerException: TypeLoadException { InnerException: { } created } }:
                    error = created;
                    break;
                case ActorInitializationException { InnerException: { } inner }:
                    error = inner;
                    break;
                case TargetInvocationException { InnerException: { } inner }:
                    error = inner;
                    break;
                default:
                    return error;
            }
        }
    }
}
