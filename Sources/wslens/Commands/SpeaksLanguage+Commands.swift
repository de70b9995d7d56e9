import Localization

/// Every command says its errors in the language of its output.
extension AcceptCommand: SpeaksLanguage {
    var language: Language { output.language }
}

extension CheckCommand: SpeaksLanguage {
    var language: Language { output.language }
}

extension CloseCodesCommand: SpeaksLanguage {
    var language: Language { output.language }
}

extension ExplainCommand: SpeaksLanguage {
    var language: Language { output.language }
}

extension FramesCommand: SpeaksLanguage {
    var language: Language { output.language }
}

extension LadderCommand: SpeaksLanguage {
    var language: Language { output.language }
}

extension LessonCommand: SpeaksLanguage {
    var language: Language { output.language }
}

extension MaskCommand: SpeaksLanguage {
    var language: Language { output.language }
}

extension MessagesCommand: SpeaksLanguage {
    var language: Language { output.language }
}

extension OverheadCommand: SpeaksLanguage {
    var language: Language { output.language }
}

extension ReportCommand: SpeaksLanguage {
    var language: Language { LanguageChoice.resolve(lang) }
}

extension StreamsCommand: SpeaksLanguage {
    var language: Language { output.language }
}

extension SummaryCommand: SpeaksLanguage {
    var language: Language { output.language }
}

extension UnmaskCommand: SpeaksLanguage {
    var language: Language { output.language }
}
