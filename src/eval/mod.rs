//! Scoring against gold: datasets, scores and the HTML report.

pub mod dataset;
pub mod render;
pub mod score;
