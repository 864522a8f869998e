namespace MatAssistant.Agent.Brains;

/// <summary>
/// A model-backed brain could not answer a request: the server refused it (HTTP error, rejected API key) or did not answer
/// in time. The message is one line saying what happened and what to do; front ends show it as is.
/// </summary>
public sealed class BrainRequestException : Exception
{
    public BrainRequestException()
    {
    }

    public BrainRequestException(string message)
        : base(message)
    {
    }

    public BrainRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
