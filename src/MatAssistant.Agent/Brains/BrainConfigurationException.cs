namespace MatAssistant.Agent.Brains;

/// <summary>
/// A brain cannot be built from what the user gave (model file missing or not GGUF, endpoint not a URL, API key variable
/// unset). The message is one line saying what was wrong and what to do; the CLI shows it as a usage error (exit code 2).
/// </summary>
public sealed class BrainConfigurationException : Exception
{
    public BrainConfigurationException()
    {
    }

    public BrainConfigurationException(string message)
        : base(message)
    {
    }

    public BrainConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
