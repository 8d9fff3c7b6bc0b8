// netstandard2.0 lacks the type that 'init' accessors and records need; the compiler only looks it up by name.
namespace System.Runtime.CompilerServices
{
    internal static class IsExternalInit
    {
    }
}
