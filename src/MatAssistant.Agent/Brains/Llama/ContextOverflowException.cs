namespace MatAssistant.Agent.Brains.Llama;

/// <summary>
/// The system prompt and the last user message alone do not fit the context window beside the answer's token budget, even
/// after older turns were dropped and tool results shortened. The message says how many tokens were needed.
/// </summary>
public sealed class ContextOverflowException : InvalidOperationException
{
    public ContextOverflowException()
    {
    }

    public ContextOverflowException(string message)
        : base(message)
    {
    }

    public ContextOverflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
