//! Scoring against gold: datasets, scores and the HTML report.

pub mod dataset;
mod problem;
pub mod render;
pub mod score;
