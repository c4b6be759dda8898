namespace AkkaRunGroup.Tests.Reliability;

/// <summary>What kind of exceptions a random member's errors (its exit, its failures, its interrupt's) are.</summary>
public enum ErrorKind
{
    /// <summary>A <see cref="ChaosException"/>: every member of it works.</summary>
    Plain,

    /// <summary>A <see cref="MessageThrowsException"/>.</summary>
    MessageThrows,

    /// <summary>An <see cref="EverythingThrowsException"/>.</summary>
    EverythingThrows,
}

/// <summary>Makes the errors of random members: a distinct instance each, compared by identity.</summary>
public static class ThrowingErrors
{
    public static Exception Make(ErrorKind kind, string label) => kind switch
    {
        ErrorKind.MessageThrows => new MessageThrowsException(),
        ErrorKind.EverythingThrows => new EverythingThrowsException(),
        _ => new ChaosException(label),
    };

    /// <summary>"TypeName: message" for a violation, whatever the exception's <c>Message</c> does.</summary>
    public static string Describe(Exception? e)
    {
        if (e is null)
        {
            return "null";
        }

        try
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
        catch (Exception thrown)
        {
            return $"{e.GetType().Name} (its Message threw {thrown.GetType().Name})";
        }
    }
}

/// <summary>The exceptions random members produce, each a distinct instance.</summary>
public sealed class ChaosException(string message) : Exception(message);

/// <summary>An error whose <c>Message</c> getter throws.</summary>
public sealed class MessageThrowsException : Exception
{
    public override string Message => throw new InvalidOperationException("Message throws");
}

/// <summary>An error whose <c>Message</c>, <c>ToString</c> and <c>StackTrace</c> all throw.</summary>
public sealed class EverythingThrowsException : Exception
{
    public override string Message => throw new InvalidOperationException("Message throws");

    public override string? StackTrace => throw new InvalidOperationException("StackTrace throws");

    public override string ToString() => throw new InvalidOperationException("ToString throws");
}
