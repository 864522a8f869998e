namespace MatAssistant.Ode.Expressions;

/// <summary>An expression or equation that cannot be read; the message is one line and says where and what to do.</summary>
public sealed class ExpressionException : FormatException
{
    public ExpressionException(string message, int position)
        : base(message)
    {
        Position = position;
    }

    public ExpressionException()
    {
    }

    public ExpressionException(string message)
        : base(message)
    {
    }

    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>0-based position in the text, or -1 when the error is about the whole text.</summary>
    public int Position { get; } = -1;
}
