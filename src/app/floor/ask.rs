//! One way to ask a question of the words on screen, for every room that asks (the word panels,
//! the Linear algebra tab): a [`Question`] is the inputs, run on a job in its slot (a newer
//! question replaces the one still being answered), its answer delivered with the dataset it was
//! computed on, so that an answer about vectors no longer shown is dropped; and one way to show
//! an answer.

use std::fmt::Display;
use std::sync::Arc;

use super::dataset::DatasetId;
use super::jobs::Jobs;
use crate::words::WordVectors;

/// A question about the word vectors: its inputs, and how to answer it.
pub trait Question: Send + 'static {
    type Answer: Send + 'static;
    /// The job slot of the view asking: one question at a time per view.
    fn slot(&self) -> &'static str;
    /// For the status bar while it runs.
    fn title(&self) -> String;
    fn run(self, vectors: &WordVectors) -> Self::Answer;
}

/// How a room's asking reaches the jobs: what an answer, or a crash, becomes in their output.
pub struct Delivery<A, T> {
    pub answer: fn(DatasetId, A) -> T,
    pub crashed: fn(String) -> T,
}

/// Asks `question` about `words` (the dataset shown, if any) on a job, whose answer comes back
/// with the dataset it is about as `delivery` says.
pub fn ask<Q: Question, T: Send + 'static>(
    jobs: &mut Jobs<T>,
    words: Option<(DatasetId, Arc<WordVectors>)>,
    question: Q,
    delivery: Delivery<Q::Answer, T>,
) {
    let Some((dataset, vectors)) = words else {
        return;
    };
    let (slot, title) = (question.slot(), question.title());
    let deliver = delivery.answer;
    jobs.spawn_latest(slot, title, false, delivery.crashed, move |_| {
        deliver(dataset, question.run(&vectors))
    });
}

/// A question's latest answer: nothing yet (`waiting`, if there is anything to say), why there
/// is none (in red), or the answer as `show` draws it.
pub fn answer_ui<T, E: Display>(
    ui: &mut egui::Ui,
    answer: Option<&Result<T, E>>,
    waiting: Option<&str>,
    show: impl FnOnce(&mut egui::Ui, &T),
) {
    match answer {
        None => {
            if let Some(waiting) = waiting {
                ui.weak(waiting);
            }
        }
        Some(Err(error)) => {
            ui.colored_label(ui.visuals().error_fg_color, error.to_string());
        }
        Some(Ok(answer)) => show(ui, answer),
    }
}

/// A question's latest answer (or why there is none), kept apart from its inputs: it is never
/// saved with them (settings, lessons: the field is `#[serde(skip)]`), a copy of the inputs
/// starts without it (to be answered again where the copy is used), and two questions are the
/// same question whatever their answers.
pub struct LatestAnswer<R>(Option<R>);

impl<R> LatestAnswer<R> {
    pub fn set(&mut self, answer: R) {
        self.0 = Some(answer);
    }

    /// Forgets the answer (it was about other vectors).
    pub fn clear(&mut self) {
        self.0 = None;
    }
}

impl<R> std::ops::Deref for LatestAnswer<R> {
    type Target = Option<R>;

    fn deref(&self) -> &Option<R> {
        &self.0
    }
}

impl<R> Default for LatestAnswer<R> {
    fn default() -> Self {
        Self(None)
    }
}

impl<R> Clone for LatestAnswer<R> {
    /// Unanswered: a copy of a question's inputs is asked again.
    fn clone(&self) -> Self {
        Self(None)
    }
}

impl<R> PartialEq for LatestAnswer<R> {
    /// Always: a question is its inputs.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<R> std::fmt::Debug for LatestAnswer<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "answered"
        } else {
            "unanswered"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_of_a_question_is_unanswered_and_still_the_same_question() {
        let mut answer: LatestAnswer<Result<u32, String>> = LatestAnswer::default();
        assert!(answer.is_none());
        answer.set(Ok(7));
        assert_eq!(answer.as_ref(), Some(&Ok(7)));
        assert!(answer.clone().is_none(), "copies are asked again");
        assert!(
            answer == LatestAnswer::default(),
            "answers are not the question"
        );
        answer.clear();
        assert!(answer.is_none());
    }
}
