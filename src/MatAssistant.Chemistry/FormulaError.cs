namespace MatAssistant.Chemistry;

/// <summary>What was wrong with a formula.</summary>
public enum FormulaErrorKind
{
    /// <summary>Nothing but whitespace.</summary>
    Empty,
    /// <summary>A capitalised symbol that names no element (Z 1–103).</summary>
    UnknownElement,
    /// <summary>A character that has no place in a formula at that point.</summary>
    UnexpectedCharacter,
    /// <summary>A bracket opened and not closed, closed and not opened, or closed by the wrong kind.</summary>
    UnbalancedBracket,
    /// <summary>A count that is zero, negative, not a number, or larger than <see cref="FormulaParser.MaxCount"/>.</summary>
    InvalidCount,
    /// <summary>More distinct elements than <see cref="FormulaParser.MaxDistinctElements"/>.</summary>
    TooManyElements,
    /// <summary>Text that can be read two ways, e.g. <c>CuSO4.5H2O</c>.</summary>
    Ambiguous,
    /// <summary>Input longer than <see cref="FormulaParser.MaxLength"/> characters.</summary>
    TooLong,
}

/// <summary>A precise account of why a formula could not be read.</summary>
/// <param name="Kind">The category.</param>
/// <param name="Position">1-based character position in the input where the problem was found (0 when it concerns the whole input).</param>
/// <param name="Message">One line for a person: what is wrong and what to do.</param>
public sealed record FormulaError(FormulaErrorKind Kind, int Position, string Message)
{
    public override string ToString() => Message;
}

/// <summary>Thrown by the throwing parse methods; carries the <see cref="FormulaError"/>.</summary>
public sealed class FormulaException : FormatException
{
    public FormulaException(FormulaError error)
        : base(error.Message) => Error = error;

    public FormulaException()
        : this(new FormulaError(FormulaErrorKind.Empty, 0, "The formula is empty."))
    {
    }

    public FormulaException(string message)
        : this(new FormulaError(FormulaErrorKind.UnexpectedCharacter, 0, message))
    {
    }

    public FormulaException(string message, Exception innerException)
        : base(message, innerException) => Error = new FormulaError(FormulaErrorKind.UnexpectedCharacter, 0, message);

    public FormulaError Error { get; }
}
