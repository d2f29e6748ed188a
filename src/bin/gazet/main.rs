//! The `gazet` binary: parses flags and wires the library's steps together.
//!
//! Exit codes: 0 success; 1 some documents failed (the others were
//! processed and written); 2 bad usage or configuration (nothing processed).

mod annotate;
mod args;
mod checks;
mod cli;
mod eval;
mod explain;
mod messages;
mod outputs;
mod progress;
mod render;
mod stdin;

use clap::{CommandFactory, FromArgMatches, ValueEnum};
use cli::{Cli, Color, Command, GazetteerCommand, PatternsCommand, RulesCommand};
use gazet::Error;
use messages::{error, with_hint};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

const FAILED: u8 = 1;
const USAGE: u8 = 2;
/// As shells report a process ended by SIGINT (128 + 2).
const INTERRUPTED: u8 = 130;

fn main() -> ExitCode {
    // clap prints --help and usage errors while it parses, before the
    // parsed --color could take effect; so the flag is looked up first.
    let color = early_color();
    // Flags such as --label-map name labels, which clap checks while it
    // parses: the schema they are checked against is installed first.
    if let Err(e) = args::install_schema(early_value("--schema").map(PathBuf::from).as_deref()) {
        error(with_hint(&e));
        return ExitCode::from(USAGE);
    }
    let matches = Cli::command()
        .color(match color {
            Color::Auto => clap::ColorChoice::Auto,
            Color::Always => clap::ColorChoice::Always,
            Color::Never => clap::ColorChoice::Never,
        })
        .get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    match cli.color {
        Color::Auto => {}
        Color::Always => anstream::ColorChoice::Always.write_global(),
        Color::Never => anstream::ColorChoice::Never.write_global(),
    }
    let result = match cli.command {
        Command::Annotate(args) => annotate::annotate(args),
        Command::Explain(args) => explain::explain(args),
        Command::Eval(args) => eval::eval(args),
        Command::Render(args) => render::render(args),
        Command::Completions { shell } => completions(shell),
        Command::Man { output } => man(output),
        Command::Gazetteer(GazetteerCommand::Check(args)) => checks::check(args),
        Command::Gazetteer(GazetteerCommand::Suggest(args)) => checks::suggest(args),
        Command::Gazetteer(GazetteerCommand::Import(args)) => checks::import(args),
        Command::Gazetteer(GazetteerCommand::Stats { gazetteer, json }) => {
            checks::stats(&gazetteer, json)
        }
        Command::Rules(RulesCommand::Check { rules, gazetteer }) => {
            checks::check_rules(&rules, &gazetteer)
        }
        Command::Patterns(PatternsCommand::Check {
            patterns,
            gazetteer,
        }) => checks::check_patterns(&patterns, &gazetteer),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            error(with_hint(&e));
            ExitCode::from(USAGE)
        }
    }
}

/// The value of `--color WHEN` or `--color=WHEN` among the arguments (the
/// last valid one, as clap takes it); auto if none is valid.
fn early_color() -> Color {
    early_values("--color")
        .into_iter()
        .rev()
        .filter_map(|v| v.into_string().ok())
        .find_map(|v| Color::from_str(&v, false).ok())
        .unwrap_or(Color::Auto)
}

/// The value of the last `FLAG VALUE` or `FLAG=VALUE` among the arguments.
fn early_value(flag: &str) -> Option<std::ffi::OsString> {
    early_values(flag).pop()
}

/// The values of `FLAG VALUE` and `FLAG=VALUE` among the arguments, before
/// any `--`.
fn early_values(flag: &str) -> Vec<std::ffi::OsString> {
    let mut out = Vec::new();
    let mut args = std::env::args_os().skip(1);
    let with_eq = format!("{flag}=");
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--") => break,
            Some(a) if a == flag => out.extend(args.next()),
            Some(a) => out.extend(a.strip_prefix(with_eq.as_str()).map(Into::into)),
            None => {}
        }
    }
    out
}

fn completions(shell: clap_complete::Shell) -> Result<ExitCode, Error> {
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "gazet", &mut out);
    write_stdout(&out)
}

/// gazet's manual page on stdout, or with `dir` one page per command and
/// subcommand (`gazet-gazetteer-check.1`), as git ships them.
fn man(dir: Option<PathBuf>) -> Result<ExitCode, Error> {
    let cmd = Cli::command();
    let Some(dir) = dir else {
        let mut out = Vec::new();
        clap_mangen::Man::new(cmd)
            .render(&mut out)
            .map_err(|e| Error::io("<stdout>", e))?;
        return write_stdout(&out);
    };
    let mut pages = vec![cmd.clone()];
    let mut stack: Vec<(String, clap::Command)> = cmd
        .get_subcommands()
        .map(|c| ("gazet".to_owned(), c.clone()))
        .collect();
    while let Some((parent, c)) = stack.pop() {
        // The page is `gazet-annotate.1`, as git's are; its synopsis shows
        // the command as it is typed, `gazet annotate`.
        let typed = format!("{parent} {}", c.get_name());
        stack.extend(c.get_subcommands().map(|s| (typed.clone(), s.clone())));
        pages.push(
            c.name(typed.replace(' ', "-"))
                .bin_name(&typed)
                .version(env!("CARGO_PKG_VERSION")),
        );
    }
    for page in pages {
        let mut out = Vec::new();
        let name = page.get_name().to_owned();
        let path = dir.join(format!("{name}.1"));
        clap_mangen::Man::new(page)
            .render(&mut out)
            .map_err(|e| Error::io(&path, e))?;
        gazet::write_atomic(&path, &out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `bytes` to stdout; a reader that stopped early is no failure.
fn write_stdout(bytes: &[u8]) -> Result<ExitCode, Error> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::io("<stdout>", e)),
        _ => Ok(ExitCode::SUCCESS),
    }
}
