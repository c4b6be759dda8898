namespace AkkaRunGroup.Internal;

/// <summary>
/// INTERNAL API. The one way an exit or an error is put into words ("cleanly", "with TypeName: message"), in log
/// lines and in <c>ToString</c> of results. An error comes from a member, so nothing it does may escape: a
/// <c>Message</c> that throws is reported as such instead.
/// </summary>
internal static class ExitText
{
    /// <summary>"cleanly" for null, otherwise "with TypeName: message".</summary>
    public static string Describe(Exception? error) => error is null ? "cleanly" : $"with {Of(error)}";

    /// <summary>"TypeName: message", whatever the exception's <c>Message</c> does.</summary>
    public static string Of(Exception error) => $"{error.GetType().Name}: {MessageOf(error)}";

    /// <summary>
    /// The exception to hand a logger as a log line's cause: <paramref name="error"/>, or null when its
    /// <c>ToString</c> throws, so that the logger, which formats it, cannot fail on it.
    /// </summary>
    public static Exception? AsCause(Exception? error)
    {
        try
        {
            _ = error?.ToString();
            return error;
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static string MessageOf(Exception error)
    {
        try
        {
            return error.Message;
        }
        catch (Exception e)
        {
            return $"(its Message threw {e.GetType().Name})";
        }
    }
}
