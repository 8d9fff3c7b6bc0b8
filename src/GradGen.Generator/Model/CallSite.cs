using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;

namespace GradGen.Generator.Model;

/// <summary>
/// A call, member read or conversion GradGen may have to report later (no derivative, or differentiated numerically),
/// with where it is: <see cref="Text"/> is the whole construct as written, <see cref="ReceiverText"/> the instance a
/// member is called on ('this' when implicit).
/// </summary>
internal sealed record CallSite(
    LocationInfo? Location,
    string Callee,
    EquatableArray<string> ArgumentTexts,
    EquatableArray<string> ParameterNames,
    string? Text = null,
    string? ReceiverText = null,
    bool IsDelegateCall = false);
