namespace GradGen.Fuzz.Tests.Running;

/// <summary>What a program's check came to, when it is not a pass.</summary>
internal enum FindingKind
{
    /// <summary>The generator reported a GG error: a tester bug in normal mode (it must generate supported code), a pass in must-refuse mode.</summary>
    Rejected,

    /// <summary>The generator threw.</summary>
    GeneratorException,

    /// <summary>The generated code does not compile.</summary>
    GeneratedCodeError,

    /// <summary>The generated code compiles with a warning (user projects treat warnings as errors).</summary>
    GeneratedCodeWarning,

    /// <summary>The program itself does not compile or throws: a bug of the tester.</summary>
    TesterCompileError,

    /// <summary>The original method threw: a bug of the tester.</summary>
    ProgramThrew,

    /// <summary>Gradient or Pullback threw where the original method did not.</summary>
    GeneratedCodeThrew,

    /// <summary>Main threw (a throw of the program taken at this point) and Gradient, Pullback, Pushforward or HessianVectorProduct did not throw the same exception type.</summary>
    ThrowMismatch,

    /// <summary>Gradient returned a value other than the original method's.</summary>
    ValueMismatch,

    /// <summary>Gradient differs from finite differences (confirmed at a second, nearby point).</summary>
    GradientMismatch,

    /// <summary>Pullback did not add seed·gradient to the gradient buffers.</summary>
    PullbackMismatch,

    /// <summary>Pushforward's value is not the method's, or its derivative is not gradient·direction.</summary>
    PushforwardMismatch,

    /// <summary>HessianVectorProduct's value or gradient is not Gradient's, or H·v differs from differences of the gradient (confirmed nearby).</summary>
    HessianVectorProductMismatch,
}

/// <summary>One finding: its kind and the numbers or messages behind it.</summary>
internal sealed record Finding(FindingKind Kind, string Detail)
{
    /// <summary>Whether this finding is a failure of GradGen (not of the tester, not an accepted refusal).</summary>
    public bool IsProductFailure => Kind is not (FindingKind.Rejected or FindingKind.TesterCompileError or FindingKind.ProgramThrew);
}
